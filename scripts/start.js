#!/usr/bin/env node
'use strict';
/**
 * `npm start`: a real n8n with this package installed the way users install it, connected to the
 * SarvCRM sandbox (or to a real SarvCRM), with a ready credential and the example workflows.
 *
 *   SARVCRM_URL, SARVCRM_UTYPE, SARVCRM_USERNAME, SARVCRM_PASSWORD  use a real SarvCRM, not the sandbox
 *   N8N_PORT (5678), SARV_SANDBOX_PORT (8787)                      ports on 127.0.0.1
 *   SARV_SANDBOX_PROFILE (none)                                     e.g. timeStorage=tehran,pageCap=100: a sandbox that differs
 *   N8N_OWNER_EMAIL, N8N_OWNER_PASSWORD                            the n8n login it sets up
 *   SARVCRM_N8N_CACHE                                              cache folder (~/.cache/n8n-nodes-sarvcrm)
 *   SARVCRM_N8N (2)                                                2: n8n 2.41.1 on Node 24 from the npm registry; 1: n8n 1.123.50
 *
 * Ctrl-C stops n8n (its whole process group) and the sandbox.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureN8n } = require('./n8n/install');
const { DEFAULT_MAJOR } = require('./n8n/paths');
const { packPackage, installIntoUserFolder, ROOT } = require('./n8n/pack');
const { sarvCredential, importCredentials, importWorkflows, readExamples } = require('./n8n/import');
const { startServer } = require('./n8n/run');
const { setupOwner, owner } = require('./n8n/rest');
const { startSummary } = require('./n8n/start-text');

const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
// On a terminal the installer redraws its progress line in place: clear it before a message.
const clearLine = process.stdout.isTTY ? '\r\x1b[K' : '';
const say = (msg) => process.stdout.write(`${clearLine}[start ${secs()}] ${msg}\n`);

function port(name, fallback) {
	const v = process.env[name];
	if (v === undefined || v === '') return fallback;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${v}"`);
	return n;
}

/** Runs a build step quietly: its output is shown only when it fails. */
function quietRun(what, cmd, args) {
	const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (r.status !== 0) throw new Error(`${what} failed:\n${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim() || r.error?.message}`);
}

function npmRun(script) {
	quietRun(`npm run ${script}`, 'npm', ['run', '--silent', script]);
}

/** In-process sandbox, compiled from test/sandbox by tsconfig.tools.json. */
async function startSandbox(sandboxPort) {
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	quietRun('compiling the sandbox', process.execPath, [tsc, '-p', 'tsconfig.tools.json']);
	const { SarvCrmSandbox, DEFAULT_USERS } = require(path.join(ROOT, '.build', 'test', 'sandbox', 'server.js'));
	const { parseProfileText } = require(path.join(ROOT, '.build', 'test', 'sandbox', 'profile.js'));
	// SARV_SANDBOX_PROFILE plays a server that differs (README: "Servers that differ").
	const profile = parseProfileText(process.env.SARV_SANDBOX_PROFILE || '');
	const sandbox = new SarvCrmSandbox({ port: sandboxPort, seed: true, profile });
	try {
		await sandbox.start();
	} catch (e) {
		throw new Error(`the sandbox cannot listen on 127.0.0.1:${sandboxPort} (${e.code || e.message}); set SARV_SANDBOX_PORT to a free port`);
	}
	return { sandbox, user: DEFAULT_USERS[0] };
}

function hash(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

let sandbox;
let server;
let stopping = false;

async function stopAll(why, code = 0) {
	if (stopping) return;
	stopping = true;
	say(`${why}: stopping ${server ? 'n8n' : ''}${server && sandbox ? ' and ' : ''}${sandbox ? 'the sandbox' : ''} ...`);
	if (server) await server.stop();
	if (sandbox) await sandbox.stop();
	say('stopped, no process left behind');
	process.exit(code);
}

async function main() {
	const n8nPort = port('N8N_PORT', 5678);
	const sandboxPort = port('SARV_SANDBOX_PORT', 8787);
	const real = !!process.env.SARVCRM_URL;
	if (real) {
		for (const v of ['SARVCRM_UTYPE', 'SARVCRM_USERNAME', 'SARVCRM_PASSWORD']) {
			if (!process.env[v]) throw new Error(`SARVCRM_URL is set, so ${v} must be set too`);
		}
	}

	process.on('SIGINT', () => void stopAll('SIGINT'));
	process.on('SIGTERM', () => void stopAll('SIGTERM'));
	process.on('SIGHUP', () => void stopAll('SIGHUP'));

	// n8n installs in the background (minutes, first time only) while the package builds.
	const installing = ensureN8n(process.env.SARVCRM_N8N || DEFAULT_MAJOR);
	installing.catch(() => undefined);

	say('building the package (npm run build)');
	npmRun('build');

	let cred;
	if (real) {
		cred = sarvCredential({
			name: 'SarvCRM',
			baseUrl: process.env.SARVCRM_URL,
			utype: process.env.SARVCRM_UTYPE,
			username: process.env.SARVCRM_USERNAME,
			password: process.env.SARVCRM_PASSWORD,
		});
		say(`using the real SarvCRM at ${process.env.SARVCRM_URL} (utype ${process.env.SARVCRM_UTYPE})`);
	} else {
		say('starting the SarvCRM sandbox with demo data (its address is in the summary at the end)');
		const s = await startSandbox(sandboxPort);
		sandbox = s.sandbox;
		cred = sarvCredential({ baseUrl: sandbox.url, utype: sandbox.utype, username: s.user.user_name, password: s.user.password });
	}
	if (stopping) return;

	const f = await installing;
	const userFolder = path.join(f.dir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const statePath = path.join(userFolder, 'sarvcrm-start-state.json');
	const state = fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath, 'utf8')) : {};

	const pack = packPackage();
	const reinstalled = installIntoUserFolder(userFolder, pack);
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	say(
		reinstalled
			? `packed this package and installed ${path.basename(pack.tarball)} (${pack.files} files) into n8n's .n8n/nodes`
			: 'packed this package: same tarball as last time, kept the installed one',
	);

	// The example workflows reference the credential by id, so it keeps the sandbox's id.
	cred.id = 'sarvCrmSandbox01';
	if (state.credential !== hash(cred)) {
		say(`importing the credential "${cred.name}"`);
		await importCredentials(f, userFolder, [cred]);
		state.credential = hash(cred);
	}
	const examples = readExamples();
	const changed = examples.filter((e) => state.examples?.[e.file] !== hash(e.workflow));
	if (changed.length) {
		say(`importing example workflows: ${changed.map((e) => e.file).join(', ')}`);
		await importWorkflows(
			f,
			userFolder,
			changed.map((e) => e.workflow),
		);
		state.examples = { ...state.examples, ...Object.fromEntries(changed.map((e) => [e.file, hash(e.workflow)])) };
	}
	fs.writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
	if (stopping) return;

	say(`starting n8n ${f.version} on http://127.0.0.1:${n8nPort}`);
	// n8n's start-up lines stay in memory (shown if it fails to start); after that its log is echoed.
	let echoing = false;
	server = startServer(f, userFolder, {
		port: n8nPort,
		echo: (text) => {
			if (!echoing) return;
			for (const line of text.split('\n')) if (line.trim()) process.stdout.write(`  n8n | ${line}\n`);
		},
	});
	server.exit.then((r) => {
		if (!stopping) void stopAll(`n8n exited (${r.signal || r.code})`, r.code || 1);
	});
	await server.ready;
	echoing = true;
	const who = owner();
	const setup = await setupOwner(server.url, who);
	// Short on purpose: the whole first run (install included) stays under 40 lines.
	const lines = startSummary({
		version: f.version,
		major: f.major,
		url: server.url,
		ready: secs(),
		who,
		ownerExisted: setup === 'exists',
		sarvcrm: sandbox
			? `sandbox ${sandbox.url} (utype ${sandbox.utype}, admin / sarv-demo, demo data)`
			: `${process.env.SARVCRM_URL} (utype ${process.env.SARVCRM_UTYPE})`,
		credentialName: cred.name,
		examples,
	});
	process.stdout.write(lines.join('\n'));
}

main().catch((e) => {
	process.stderr.write(`\nnpm start failed: ${e.message}\n`);
	void stopAll('error', 1);
});
