'use strict';
// A throw-away PostgreSQL cluster on a loopback port, data in a temp folder. The server
// refuses to run as root, so as root it runs as Debian's `postgres` user (folder chowned).
const fs = require('fs');
const path = require('path');
const { execFileSync, spawn } = require('child_process');
const { postgresBin } = require('./packages');
const { track, stopPid } = require('./children');

const DB_USER = 'postgres';

/** uid/gid to run the server as: ourselves, or `postgres` when we are root. */
function serverUser() {
	if (process.getuid?.() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

async function startPostgres({ port, dir, database = 'n8n' }) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
	const user = serverUser();
	const data = path.join(dir, 'pgdata');
	const sockets = path.join(dir, 'pgsock');
	fs.mkdirSync(data, { recursive: true, mode: 0o700 });
	fs.mkdirSync(sockets, { recursive: true });
	if (user.uid !== undefined) {
		fs.chmodSync(dir, 0o755); // the postgres user must reach its folders inside our temp dir
		for (const d of [data, sockets]) fs.chownSync(d, user.uid, user.gid);
	}
	execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', DB_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
		...user,
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	// Durability is irrelevant for a test cluster: skip fsyncs, they cost seconds on a busy disk.
	const child = spawn(
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-k',
			sockets,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	track(child.pid, 'postgres');
	let out = '';
	child.stdout.on('data', (d) => (out = (out + d).slice(-8000)));
	child.stderr.on('data', (d) => (out = (out + d).slice(-8000)));
	const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER];
	const deadline = Date.now() + 30000;
	for (;;) {
		try {
			execFileSync(path.join(bin, 'pg_isready'), psqlArgs, { stdio: 'ignore' });
			break;
		} catch {
			if (child.exitCode !== null || Date.now() > deadline) {
				await stopPid(child.pid, 0);
				throw new Error(`postgres did not start on port ${port}:\n${out}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	execFileSync(path.join(bin, 'createdb'), [...psqlArgs, database], { stdio: ['ignore', 'pipe', 'pipe'] });

	/** Runs one SELECT; returns its rows as objects (psql does the JSON, no client library needed). */
	const query = (sql) => {
		const out = execFileSync(
			path.join(bin, 'psql'),
			[...psqlArgs, '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', `SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q`],
			{
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		return JSON.parse(out.trim());
	};
	return {
		port,
		pid: child.pid,
		database,
		user: DB_USER,
		query,
		// SIGINT = PostgreSQL's "fast" shutdown
		stop: async () => {
			try {
				process.kill(child.pid, 'SIGINT');
			} catch {
				// gone
			}
			await stopPid(child.pid, 10000);
		},
	};
}

module.exports = { startPostgres };
