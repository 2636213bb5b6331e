/**
 * Lets `node -r ./bench/register.js bench/run.ts` run the benchmark straight from its
 * TypeScript sources, the test harness included, with the compiler the project already
 * has (no ts-node/tsx). Type checking is done separately by `tsc -p tsconfig.bench.json`.
 *
 * Why not compile to .build/ like the sandbox CLI: the harness finds the package root
 * (package.json, dist/) two folders above its own file, so it must run from test/harness.
 */
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	isolatedModules: true,
	inlineSourceMap: true,
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
