#!/usr/bin/env node
'use strict';
/**
 * Measures what a user sees on `npm start`: runs scripts/start.js (optionally with an empty
 * SARVCRM_N8N_CACHE, i.e. a first run that installs n8n), counts the lines it prints up to the
 * "Press Ctrl-C" banner, stops it with SIGINT, and fails when that count reaches the limit.
 * On a machine without the cached n8n (CI), the plain run is a first run too.
 *
 *   node scripts/check/start-output.js [--fresh-cache] [--max-lines 40]
 *   ports: N8N_PORT (5720), SARV_SANDBOX_PORT (8791); the transcript goes to start-output.log
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const fresh = args.includes('--fresh-cache');
const maxLines = Number(args[args.indexOf('--max-lines') + 1]) || 40;
const TIMEOUT_MS = 45 * 60 * 1000;

const env = { ...process.env, N8N_PORT: process.env.N8N_PORT || '5720', SARV_SANDBOX_PORT: process.env.SARV_SANDBOX_PORT || '8791' };
let cache;
if (fresh) {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-first-start-'));
	env.SARVCRM_N8N_CACHE = cache;
}
for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];

const started = Date.now();
const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
let transcript = '';
let readyLines = -1;
const onData = (d) => {
	transcript += d;
	if (readyLines < 0 && /Press Ctrl-C/.test(transcript)) {
		readyLines = transcript.split('\n').filter((l) => l.length).length;
		child.kill('SIGINT');
	}
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
const timer = setTimeout(() => child.kill('SIGINT'), TIMEOUT_MS);

child.on('exit', (code, signal) => {
	clearTimeout(timer);
	const out = path.join(ROOT, 'start-output.log');
	fs.writeFileSync(out, transcript);
	const total = transcript.split('\n').filter((l) => l.length).length;
	const secs = Math.round((Date.now() - started) / 1000);
	console.log(
		`npm start${fresh ? ' (first run, empty cache ' + cache + ')' : ''}: ${readyLines} lines until ready, ${total} lines in all with the shutdown, ${secs} s; exit ${signal || code}; transcript ${out}`,
	);
	if (cache) fs.rmSync(cache, { recursive: true, force: true });
	if (readyLines < 0) {
		console.error('npm start never became ready');
		process.exit(1);
	}
	if (readyLines >= maxLines) {
		console.error(`npm start printed ${readyLines} lines until ready, the limit is under ${maxLines}`);
		process.exit(1);
	}
});
