'use strict';
// Running n8n: one-off CLI commands (import, execute) and the server (own process group).
const { spawn } = require('child_process');
const net = require('net');
const { n8nEnv } = require('./env');

/** A free TCP port on 127.0.0.1 (for n8n's task broker: every n8n process opens one, 5679 by default). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Runs `n8n <args>` to completion. Never rejects on a non-zero exit: returns { code, stdout, stderr, ms }.
 * @param {ReturnType<import('./paths').flavour>} f
 */
async function runCli(f, userFolder, args, { env = {}, timeoutMs = 180000 } = {}) {
	const started = Date.now();
	const brokerPort = String(await freePort());
	return await new Promise((resolve, reject) => {
		const child = spawn(f.nodeBin, [f.n8nBin, ...args], {
			env: n8nEnv(f, userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort, ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Like runCli, but throws with n8n's output when the exit code is not 0. */
async function runCliOk(f, userFolder, args, opts) {
	const r = await runCli(f, userFolder, args, opts);
	if (r.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
	}
	return r;
}

/** First complete JSON value (object) in a text that may have log lines around it. */
function extractJson(text) {
	const start = text.indexOf('{');
	if (start < 0) return undefined;
	for (let end = text.lastIndexOf('}'); end > start; end = text.lastIndexOf('}', end - 1)) {
		try {
			return JSON.parse(text.slice(start, end + 1));
		} catch {
			// try a shorter slice
		}
	}
	return undefined;
}

/**
 * `n8n execute --id=<id> --rawOutput`. Returns { ok, code, run, stdout, stderr, ms }:
 * `run` is n8n's IRun JSON (data.resultData.runData...) when it could be parsed.
 */
async function executeWorkflow(f, userFolder, id, opts) {
	const r = await runCli(f, userFolder, ['execute', `--id=${id}`, '--rawOutput'], opts);
	return { ...r, ok: r.code === 0, run: extractJson(r.stdout) };
}

/** Output items (json) of a node in an IRun: runData[node][runIndex].data.main[output]. */
function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')}`);
	const task = runs[runIndex];
	if (task.error) throw Object.assign(new Error(`node "${nodeName}" failed: ${task.error.message}`), { nodeError: task.error });
	return (task.data?.main?.[output] ?? []).map((i) => i.json);
}

function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts `n8n start` in its own process group and waits until the editor is up.
 * Returns { url, child, logs(), stop() }. `stop()` terminates the whole group.
 */
function startServer(f, userFolder, { port = 5678, brokerPort = port + 1, env = {}, timeoutMs = 180000, echo = false } = {}) {
	const url = `http://127.0.0.1:${port}`;
	const proc = spawnN8n(f, userFolder, ['start'], {
		env: { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
		echo,
		timeoutMs,
		isReady: async (log) => {
			if (!/Editor is now accessible/.test(log)) return false;
			const res = await fetch(`${url}/healthz`);
			return res.ok;
		},
	});
	return { url, ...proc };
}

/**
 * Starts `n8n worker` (queue mode) in its own process group; ready once it says it listens
 * to the queue. Ports: N8N_PORT, the task broker's, and the health check's must be free.
 */
function startWorker(f, userFolder, { port, brokerPort, healthPort, concurrency = 10, env = {}, timeoutMs = 180000, echo = false } = {}) {
	return spawnN8n(f, userFolder, ['worker', `--concurrency=${concurrency}`], {
		env: {
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_PORT: String(healthPort),
			...env,
		},
		echo,
		timeoutMs,
		isReady: async (log) => {
			if (!/n8n worker is now ready|Worker ready|Listening on queue/i.test(log)) return false;
			const res = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
			return res.ok;
		},
	});
}

/** One long-running n8n command in its own process group; `ready` resolves when isReady(log) says so. */
function spawnN8n(f, userFolder, args, { env = {}, timeoutMs = 180000, echo = false, isReady }) {
	const child = spawn(f.nodeBin, [f.n8nBin, ...args], {
		env: n8nEnv(f, userFolder, env),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let log = '';
	const onData = (d) => {
		log += d;
		if (log.length > 2_000_000) log = log.slice(-1_000_000);
		if (typeof echo === 'function') echo(String(d));
		else if (echo) process.stdout.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}),
	);

	const stop = async (graceMs = 20000) => {
		if (exited) {
			killGroup(child.pid, 'SIGKILL'); // stragglers (task runner) of a group whose leader is gone
			return exited;
		}
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
		const result = await exitPromise;
		clearTimeout(timer);
		// the task runner and any other child share the group: make sure none is left
		killGroup(child.pid, 'SIGKILL');
		return result;
	};

	const ready = new Promise((resolve, reject) => {
		const started = Date.now();
		const tick = setInterval(async () => {
			if (exited) {
				clearInterval(tick);
				reject(new Error(`n8n ${args[0]} exited (${exited.signal || exited.code}) before it was ready:\n${log.slice(-4000)}`));
				return;
			}
			try {
				if (await isReady(log)) {
					clearInterval(tick);
					resolve();
					return;
				}
			} catch {
				// not yet listening
			}
			if (Date.now() - started > timeoutMs) {
				clearInterval(tick);
				await stop();
				reject(new Error(`n8n ${args[0]} not ready after ${timeoutMs} ms:\n${log.slice(-4000)}`));
			}
		}, 250);
	});
	return { child, pid: child.pid, ready, exit: exitPromise, logs: () => log, stop };
}

/**
 * Waits until n8n serves each production webhook ({ method, path }). n8n 2.x activates published
 * workflows after "Editor is now accessible", so a request right after start can meet a 404.
 * A CORS preflight (OPTIONS with an Origin) starts no execution and lists the path's registered
 * methods in Access-Control-Allow-Methods, in n8n 1.x and 2.x alike.
 */
async function waitForWebhooks(url, hooks, { timeoutMs = 90000, logs = () => '' } = {}) {
	const until = Date.now() + timeoutMs;
	for (const { method, path } of hooks) {
		for (;;) {
			let allowed = '';
			try {
				const res = await fetch(`${url}/webhook/${path}`, {
					method: 'OPTIONS',
					headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
				});
				allowed = res.headers.get('access-control-allow-methods') || '';
			} catch {
				// not listening yet
			}
			if (allowed.split(',').some((m) => m.trim() === method)) break;
			if (Date.now() > until)
				throw new Error(`n8n does not serve ${method} /webhook/${path} after ${timeoutMs} ms:\n${logs().slice(-3000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}

module.exports = {
	freePort,
	runCli,
	runCliOk,
	executeWorkflow,
	nodeOutput,
	extractJson,
	startServer,
	startWorker,
	waitForWebhooks,
	killGroup,
	isAlive,
};
