#!/usr/bin/env node
'use strict';
/**
 * Measures what a user sees on `npm start`: runs scripts/start.js (optionally with an empty
 * SARVCRM_N8N_CACHE, i.e. a first run that installs n8n), counts the lines it prints up to the
 * "Press Ctrl-C" banner, stops it with SIGINT, and fails when that count reaches the limit, when
 * the summary does not name the default n8n, say the examples are inactive and give curl lines,
 * or when n8n's or the sandbox's port still answers after the stop.
 * On a machine without the cached n8n (CI), the plain run is a first run too.
 *
 *   node scripts/check/start-output.js [--fresh-cache] [--max-lines 40]
 *   ports: N8N_PORT (5720), SARV_SANDBOX_PORT (8791); the transcript goes to start-output.log
 */
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { DEFAULT_MAJOR, flavour } = require('../n8n/paths');

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
	// what a newcomer needs from the summary: the n8n they will run, that the examples are inactive, curl lines
	const wanted = [
		[`n8n ${flavour(process.env.SARVCRM_N8N || DEFAULT_MAJOR).version} is running`, 'the default n8n'],
		['all INACTIVE', 'that the examples are inactive'],
		['curl ', 'a curl line for the webhook examples'],
	];
	const missing = wanted.filter(([text]) => !transcript.includes(text)).map(([, what]) => what);
	if (missing.length) {
		console.error(`the start-up text lacks: ${missing.join('; ')}`);
		process.exit(1);
	}
	void nothingListens([env.N8N_PORT, env.SARV_SANDBOX_PORT]).then((busy) => {
		if (busy.length) {
			console.error(`after Ctrl-C something still listens on 127.0.0.1:${busy.join(', ')}`);
			process.exit(1);
		}
	});
});

/** The ports (of those given) on which something still accepts connections. */
async function nothingListens(ports) {
	const open = await Promise.all(
		ports.map(
			(port) =>
				new Promise((resolve) => {
					const socket = net.connect(Number(port), '127.0.0.1');
					socket.once('connect', () => (socket.destroy(), resolve(true)));
					socket.once('error', () => resolve(false));
				}),
		),
	);
	return ports.filter((_, i) => open[i]);
}
