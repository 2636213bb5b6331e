#!/usr/bin/env node
'use strict';
/**
 * The environment variables an installed n8n reads through its config classes: every
 * `@Env('NAME')` in the compiled config of @n8n/config, n8n-core and n8n itself (n8n's own
 * modules declare theirs next to the module, e.g. N8N_UNVERIFIED_PACKAGES_ENABLED in
 * n8n/dist/modules/community-packages). A variable n8n does not declare there is ignored by it.
 *
 *   node scripts/n8n/config-env.js [major]        writes test/fixtures/n8n-<version>-config-env.txt
 *
 * The fixture is checked in so that the Docker test runs without the install; the same test
 * regenerates the list from the install, when present, and compares.
 */
const fs = require('fs');
const path = require('path');

const { flavour } = require('./paths');

const PACKAGES = ['@n8n/config', 'n8n-core', 'n8n'];
const ENV_DECORATOR = /\bEnv\)\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g;

function jsFiles(dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') out.push(...jsFiles(p));
		} else if (entry.name.endsWith('.js')) out.push(p);
	}
	return out;
}

/** The sorted variable names declared by the n8n installed in `dir` (a flavour's dir). */
function configEnvNames(dir) {
	const names = new Set();
	for (const pkg of PACKAGES) {
		const dist = path.join(dir, 'node_modules', pkg, 'dist');
		if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: is n8n installed in ${dir}?`);
		for (const file of jsFiles(dist)) for (const m of fs.readFileSync(file, 'utf8').matchAll(ENV_DECORATOR)) names.add(m[1]);
	}
	return [...names].sort();
}

function fixturePath(version) {
	return path.resolve(__dirname, '..', '..', 'test', 'fixtures', `n8n-${version}-config-env.txt`);
}

module.exports = { configEnvNames, fixturePath };

if (require.main === module) {
	const f = flavour(process.argv[2]);
	const names = configEnvNames(f.dir);
	const out = fixturePath(f.version);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(
		out,
		`# Environment variables n8n ${f.version} declares in its config (scripts/n8n/config-env.js)\n${names.join('\n')}\n`,
	);
	console.log(`${names.length} names -> ${path.relative(process.cwd(), out)}`);
}
