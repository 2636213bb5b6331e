'use strict';
// A throw-away Redis on a loopback port: no persistence, data folder in a temp dir.
const net = require('net');
const { spawn } = require('child_process');
const { REDIS_SERVER } = require('./packages');
const { track, stopPid } = require('./children');

function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('data', (d) => {
			socket.destroy();
			resolve(String(d).startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

async function startRedis({ port, dir }) {
	if (await ping(port)) throw new Error(`port ${port} already answers PING: another Redis is running there (set QUEUE_REDIS_PORT)`);
	const child = spawn(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	track(child.pid, 'redis');
	let out = '';
	child.stdout.on('data', (d) => (out = (out + d).slice(-8000)));
	child.stderr.on('data', (d) => (out = (out + d).slice(-8000)));
	const deadline = Date.now() + 20000;
	while (!(await ping(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stopPid(child.pid, 0);
			throw new Error(`redis-server did not start on port ${port}:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { port, pid: child.pid, stop: () => stopPid(child.pid, 5000) };
}

module.exports = { startRedis };
