#!/usr/bin/env node
// Runs the checks of `@n8n/scan-community-package` (the gate n8n puts in front of
// verified community nodes) on this package *before* it is published.
//
// What the real scanner does with a published `name@version`
// (scanner/scanner.mjs in @n8n/scan-community-package 0.32.0):
//   1. provenance: the npm registry must hold a provenance attestation for that version;
//   2. source leg: ESLint with its own flat config (buildScanConfig) over the GitHub source
//      the attestation points at: `package.json` and `{nodes,credentials}/**/*.{js,ts,json}`;
//   3. tarball leg: the same config over the published tarball's `**/*.js` and `package.json`;
//   inline `eslint-disable` comments are ignored (allowInlineConfig: false); any ESLint
//   *error* fails the scan.
//
// Here: `npm pack` this package, unpack the tarball into a temp dir, and run legs 2 and 3
// with the scanner's own `buildScanConfig` (the source leg on this working tree).
// Leg 1 cannot be checked before publishing: publish with `npm publish --provenance`.
//
// The scanner itself is not a devDependency (it pulls @n8n/eslint-plugin-community-nodes
// 0.29.0, whose peers want n8n-workflow >= 2, not installable on Node 20). It is installed on
// first use into node_modules/.cache/ with --legacy-peer-deps, where the plugin's
// `require('n8n-workflow')` resolves to our n8n-workflow 1.x dev dependency.
// Only with --local (e.g. offline) is the same config rebuilt from this project's lint
// devDependencies (@n8n/eslint-plugin-community-nodes 0.10.0: fewer rules); without it, a
// scanner that cannot be installed fails the scan instead of silently using that replica.
//
// Usage: node scripts/scan-package.mjs [--local] [--errors-only] [--keep]
//   --local        skip the scanner package, use the lint devDependencies (weaker; offline only)
//   --errors-only  exit 0 when only warnings are found (what the real scanner does)
//   --keep         keep the unpacked tarball and print its path
// Exit code: 0 clean, 1 findings, 2 the scan itself failed.
// Run `npm run build` first (the `scan` npm script does).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCANNER = '@n8n/scan-community-package';
const SCANNER_VERSION = '0.32.0';
// The scanner depends on typescript 7.0.2 (the native compiler, without the JS API that
// @typescript-eslint/typescript-estree loads: `ts.Extension` is undefined and the parser
// throws on import). A top-level typescript 5.x next to it is what the parser resolves;
// the scanner itself never imports typescript.
const PARSER_TYPESCRIPT = 'typescript@5.9.3';

const args = new Set(process.argv.slice(2));
for (const arg of args) {
	if (!['--local', '--errors-only', '--keep'].includes(arg)) {
		console.error(`Unknown option ${arg}`);
		process.exit(2);
	}
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', `scan-community-package-${SCANNER_VERSION}+${PARSER_TYPESCRIPT}`);

function run(cmd, cmdArgs, cwd) {
	const result = spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) {
		throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${result.status}):\n${result.stderr || result.stdout}`);
	}
	return result.stdout;
}

/** Files below `dir` (dotfiles and node_modules skipped, like fast-glob's defaults), as paths relative to dir. */
function listFiles(dir, rel = '') {
	const out = [];
	for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
		if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
		const relPath = rel ? `${rel}/${entry.name}` : entry.name;
		if (entry.isDirectory()) out.push(...listFiles(dir, relPath));
		else if (entry.isFile()) out.push(relPath);
	}
	return out;
}

// The scanner's file patterns, as regular expressions over relative paths.
const SOURCE_FILES = /^(package\.json|(nodes|credentials)\/.+\.(js|ts|json))$/; // SOURCE_FILE_PATTERNS
const TARBALL_FILES = /^(package\.json|.+\.js)$/; // ['**/*.js', 'package.json']
const IGNORED = /(^|\/)package-lock\.json$/;

function packTarball(tmpDir) {
	const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmpDir], root));
	const tarball = path.join(tmpDir, packed[0].filename);
	const packageDir = path.join(tmpDir, 'package');
	fs.mkdirSync(packageDir);
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], tmpDir);
	const files = packed[0].files.map((f) => f.path);
	if (!files.some((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
		throw new Error('the packed tarball holds no dist/**/*.js: run `npm run build` first');
	}
	return { tarball, packageDir, files };
}

/** Installs the scanner into node_modules/.cache once; returns the path of scanner/scanner.mjs. */
function ensureScanner() {
	const entry = path.join(cacheDir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
	if (fs.existsSync(entry)) return entry;
	const staging = `${cacheDir}.tmp-${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'scan-cache', private: true }));
	try {
		console.log(`Installing ${SCANNER}@${SCANNER_VERSION} into ${path.relative(root, cacheDir)} ...`);
		// --ignore-scripts: eslint-plugin-n8n-nodes-base has a `npx only-allow pnpm` preinstall.
		// --legacy-peer-deps: do not pull n8n-workflow@2 (needs Node >= 24 to install).
		run(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				'--no-package-lock',
				`${SCANNER}@${SCANNER_VERSION}`,
				PARSER_TYPESCRIPT,
			],
			staging,
		);
		fs.rmSync(cacheDir, { recursive: true, force: true });
		fs.renameSync(staging, cacheDir);
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
	return entry;
}

/** The scanner's own buildScanConfig and ESLint (its pinned eslint 9.29.0). */
async function loadScanner() {
	const entry = ensureScanner();
	const scanner = await import(pathToFileURL(entry).href);
	const req = createRequire(entry);
	const { ESLint } = await import(pathToFileURL(req.resolve('eslint')).href);
	return {
		label: `${SCANNER}@${SCANNER_VERSION} (its buildScanConfig)`,
		ESLint,
		config: await scanner.buildScanConfig(),
	};
}

/** buildScanConfig of scanner 0.32.0, rebuilt from this project's lint devDependencies. */
async function loadLocal() {
	const { ESLint } = await import('eslint');
	const { defineConfig } = await import('eslint/config');
	const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
	const n8nNodesPlugin = (await import('eslint-plugin-n8n-nodes-base')).default;
	const tsParser = await import('@typescript-eslint/parser');
	const parser = tsParser.default ?? tsParser;
	const config = defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	);
	return {
		label: 'local replica of buildScanConfig (lint devDependencies; fewer community-nodes rules than the real scanner)',
		ESLint,
		config,
	};
}

/** The scanner's analyzePackage, keeping warnings too. */
async function lintLeg({ ESLint, config }, dir, pattern) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: config });
	const files = listFiles(dir)
		.filter((f) => pattern.test(f) && !IGNORED.test(f))
		.map((f) => path.join(dir, f));
	const results = files.length ? await eslint.lintFiles(files) : [];
	const formatter = await eslint.loadFormatter('stylish');
	return {
		files: files.length,
		errors: results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0),
		warnings: results.reduce((n, r) => n + r.warningCount, 0),
		text: await formatter.format(results),
	};
}

async function main() {
	// Only the official scanner's rules count; the replica is an explicit, offline-only choice.
	const engine = args.has('--local') ? await loadLocal() : await loadScanner();

	const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	let failed = false;
	try {
		const { tarball, packageDir, files } = packTarball(tmpDir);
		console.log(`Packed ${path.basename(tarball)}: ${files.length} files`);
		console.log(`Rules: ${engine.label}`);
		console.log('Provenance: not checkable before publishing (publish with `npm publish --provenance`).');

		const legs = [
			['source leg (working tree: package.json, {nodes,credentials}/**/*.{js,ts,json})', root, SOURCE_FILES],
			['tarball leg (packed **/*.js, package.json)', packageDir, TARBALL_FILES],
		];
		let errors = 0;
		let warnings = 0;
		for (const [name, dir, pattern] of legs) {
			const leg = await lintLeg(engine, dir, pattern);
			errors += leg.errors;
			warnings += leg.warnings;
			console.log(`\n== ${name}: ${leg.files} files, ${leg.errors} errors, ${leg.warnings} warnings`);
			if (leg.text.trim()) console.log(leg.text.replaceAll(`${tmpDir}${path.sep}`, '<tarball>/'));
		}

		failed = errors > 0 || (warnings > 0 && !args.has('--errors-only'));
		console.log(
			`\n${failed ? 'FAIL' : 'PASS'}: ${errors} errors, ${warnings} warnings` +
				(errors === 0 && warnings > 0 ? ' (the real scanner fails on errors only)' : ''),
		);
	} finally {
		if (args.has('--keep')) console.log(`Kept ${tmpDir}`);
		else fs.rmSync(tmpDir, { recursive: true, force: true });
	}
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(`scan failed: ${error.stack || error.message}`);
	process.exitCode = 2;
});
