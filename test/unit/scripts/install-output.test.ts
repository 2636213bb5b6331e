/**
 * What the first `npm start` shows while n8n installs (scripts/n8n/install.js), with a stand-in
 * `npm` on the PATH that is as loud as the real one (thousands of "npm http fetch" lines):
 * the terminal gets a few lines, the log file everything, and a failure shows the log's tail.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const NPM_LINES = 3000;

/** A fake npm: prints NPM_LINES lines to stdout and stderr, creates n8n's binary, exits with `exitCode`. */
function fakeNpm(dir: string, exitCode: number): string {
	const bin = path.join(dir, 'bin');
	const script = `#!/usr/bin/env node
const fs = require('fs');
for (let i = 1; i <= ${NPM_LINES}; i++) (i % 2 ? process.stdout : process.stderr).write('npm http fetch GET 200 https://registry.npmjs.org/pkg-' + i + '\\n');
fs.mkdirSync('node_modules/n8n/bin', { recursive: true });
fs.writeFileSync('node_modules/n8n/bin/n8n', '');
process.exitCode = ${exitCode};
`;
	require('node:fs').mkdirSync(bin, { recursive: true });
	writeFileSync(path.join(bin, 'npm'), script);
	chmodSync(path.join(bin, 'npm'), 0o755);
	return bin;
}

function install(exitCode: number) {
	const cache = mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-install-test-'));
	const bin = fakeNpm(cache, exitCode);
	const r = spawnSync(
		process.execPath,
		['-e', "require('./scripts/n8n/install').ensureN8n(1).catch((e) => { console.error(e.message); process.exit(1); })"],
		{
			cwd: ROOT,
			encoding: 'utf8',
			env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SARVCRM_N8N_CACHE: cache },
		},
	);
	const log = path.join(cache, 'install-n8n-1.123.50.log');
	const output = `${r.stdout}${r.stderr}`;
	return {
		status: r.status,
		output,
		lines: output.split('\n').filter(Boolean),
		log,
		logText: () => readFileSync(log, 'utf8'),
		cleanup: () => rmSync(cache, { recursive: true, force: true }),
	};
}

describe('first n8n install output (not a terminal)', () => {
	it('prints a few lines naming the log file; npm output goes only to that file', () => {
		const r = install(0);
		try {
			expect(r.status).toBe(0);
			expect(r.lines.length).toBeLessThan(10);
			expect(r.output).toContain(`npm output goes to ${r.log}`);
			expect(r.output).toMatch(/\[n8n-install\] n8n 1\.123\.50 installed \(\d+ s\)/);
			expect(r.output).not.toContain('npm http fetch');
			expect(
				r
					.logText()
					.split('\n')
					.filter((l) => l.startsWith('npm http fetch')),
			).toHaveLength(NPM_LINES);
		} finally {
			r.cleanup();
		}
	});

	it('on failure, prints the last lines of the log and the reason', () => {
		const r = install(1);
		try {
			expect(r.status).toBe(1);
			expect(r.output).toContain('install of n8n 1.123.50 FAILED');
			expect(r.output).toContain(`last 60 lines of ${r.log}`);
			expect(r.output).toContain(`pkg-${NPM_LINES}\n`);
			expect(r.output).not.toContain('pkg-1\n');
			expect(r.output).toMatch(/npm install n8n@1\.123\.50 .*failed \(exit 1\)/);
			expect(r.lines.length).toBeLessThan(80);
		} finally {
			r.cleanup();
		}
	});
});
