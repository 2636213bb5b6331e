'use strict';
// `npm run test:queue`: the prerequisites once (Debian packages, n8n 1.x, a fresh build and
// its npm tarball), then the jest suite in test/queue, which starts and tears down the stack.
// Afterwards it checks that none of the stack's ports is still taken.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const n8n = require('../n8n');
const { ensureQueuePackages } = require('./packages');
const { queuePorts, workerPorts } = require('./ports');

function log(msg) {
	process.stderr.write(`[queue] ${msg}\n`);
}

function portTaken(port) {
	return new Promise((resolve) => {
		const s = net.connect({ host: '127.0.0.1', port }, () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

/** Every port of the stack: services, the main, and the first few workers' ports. */
function stackPorts() {
	const p = queuePorts();
	const workers = [0, 1].flatMap((i) => Object.values(workerPorts(p, i)));
	return [p.redis, p.postgres, p.sandbox, p.main, p.mainBroker, ...workers];
}

async function main() {
	const started = Date.now();
	ensureQueuePackages(log);
	const f = await n8n.ensureN8n(1);
	if (process.env.QUEUE_SKIP_BUILD !== '1') {
		const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: n8n.ROOT, stdio: 'inherit' });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const busy = [];
	for (const port of stackPorts()) if (await portTaken(port)) busy.push(port);
	if (busy.length)
		throw new Error(
			`port(s) ${busy.join(', ')} on 127.0.0.1 already in use: stop what runs there or move the stack (QUEUE_*_PORT, see docs/queue-mode.md)`,
		);

	const pack = n8n.packPackage();
	log(`n8n ${f.version}; package ${path.basename(pack.tarball)} (${Math.round((Date.now() - started) / 1000)} s setup)`);
	const jestArgs = [require.resolve('jest/bin/jest'), '-c', 'jest.queue.config.js', '--runInBand', ...process.argv.slice(2)];
	const code = await new Promise((resolve) => {
		const child = spawn(process.execPath, jestArgs, {
			cwd: n8n.ROOT,
			stdio: 'inherit',
			env: { ...process.env, QUEUE_TARBALL: pack.tarball, QUEUE_TARBALL_SHA256: pack.sha256 },
		});
		// Ctrl-C reaches jest through the terminal and it tears the stack down: wait for it
		process.on('SIGINT', () => log('interrupted: waiting for the suite to stop the stack'));
		process.once('SIGTERM', () => child.kill('SIGTERM'));
		child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
	});
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });

	const left = [];
	for (const port of stackPorts()) if (await portTaken(port)) left.push(port);
	if (left.length) {
		log(`still listening after the suite: port(s) ${left.join(', ')}`);
		return 1;
	}
	log(`done in ${Math.round((Date.now() - started) / 1000)} s; nothing left listening on the stack's ports`);
	return code;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		log(error.message);
		process.exit(1);
	},
);
