#!/usr/bin/env node
// `npm run lint:official`: the n8n-node tool's lint, as n8n's verification applies it: the
// default config of @n8n/node-cli (eslint.official.config.mjs) with node-cli's own pinned ESLint,
// on nodes/, credentials/ and package.json. Any error or warning fails (unused
// eslint-disable comments are warnings too).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// node-cli exports only ./eslint; its ESLint is the one resolved from there
const nodeCliConfig = require.resolve('@n8n/node-cli/eslint');
const fromNodeCli = createRequire(nodeCliConfig);
const eslintPackage = fromNodeCli.resolve('eslint/package.json');
const eslintBin = path.join(path.dirname(eslintPackage), 'bin', 'eslint.js');
const eslintVersion = JSON.parse(fs.readFileSync(eslintPackage, 'utf8')).version;
const nodeCliDir = nodeCliConfig.slice(0, nodeCliConfig.lastIndexOf(`${path.sep}dist${path.sep}`));
const nodeCliVersion = JSON.parse(fs.readFileSync(path.join(nodeCliDir, 'package.json'), 'utf8')).version;

console.log(`@n8n/node-cli ${nodeCliVersion} default ESLint config, ESLint ${eslintVersion}: nodes/ credentials/ package.json`);
const result = spawnSync(
	process.execPath,
	[eslintBin, '--config', 'eslint.official.config.mjs', '--max-warnings', '0', 'nodes', 'credentials', 'package.json'],
	{ cwd: root, stdio: 'inherit' },
);
if (result.status === 0) console.log('0 errors, 0 warnings');
process.exit(result.status ?? 1);
