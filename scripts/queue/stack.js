'use strict';
// n8n in queue mode on one machine: Redis, Postgres, one main (editor, triggers, webhooks)
// and N workers taking executions from Redis, all with one encryption key. Each process has
// a user folder of its own, as each container would (n8n keeps its crash-recovery event log
// there), whose `.n8n/nodes` links to the one folder the package was installed into.
const fs = require('fs');
const os = require('os');
const path = require('path');
const n8n = require('../n8n');
const { ensureQueuePackages } = require('./packages');
const { startRedis } = require('./redis');
const { startPostgres } = require('./postgres');
const { queuePorts, workerPorts } = require('./ports');
const { track, trackFolder, untrack, killAllNow } = require('./children');

/** Environment shared by every n8n process (and CLI command) of the stack. */
function queueEnv(ports, extra = {}) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(ports.postgres),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(ports.redis),
		// notice a killed worker within half a minute, not n8n's minute and a half; a lock that
		// outlasts a busy worker's renewal by 15 s, since a live job wrongly failed as stalled
		// leaves n8n 1.x's webhook caller waiting forever (n8n-io/n8n#38220, fixed in 2.x)
		QUEUE_WORKER_LOCK_DURATION: '20000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

function log(msg) {
	process.stderr.write(`[queue] ${msg}\n`);
}

/**
 * Starts everything and returns handles. `setup` runs after the database exists and before
 * n8n starts: import credentials and workflows there (`stack.cli(args)` runs an n8n command).
 * Always call `stop()` (it is also called on exit / Ctrl-C through children.js).
 */
async function startQueueStack({ workers = 2, concurrency = 10, pack, setup, env: extraEnv = {}, echo = false } = {}) {
	const started = Date.now();
	ensureQueuePackages(log);
	const f = await n8n.ensureN8n(1, { quiet: true });
	const ports = queuePorts();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-queue-'));
	trackFolder(dir);
	const stack = { f, ports, dir, userFolder: path.join(dir, 'main'), workers: [], main: undefined, redis: undefined, postgres: undefined };
	const env = queueEnv(ports, extraEnv);
	stack.env = env;
	stack.cli = (args, opts = {}) => n8n.runCliOk(f, stack.userFolder, args, { ...opts, env: { ...env, ...(opts.env || {}) } });
	stack.stop = () => stopQueueStack(stack);
	try {
		stack.redis = await startRedis({ port: ports.redis, dir });
		stack.postgres = await startPostgres({ port: ports.postgres, dir });
		stack.query = stack.postgres.query;
		const shared = path.join(dir, 'shared');
		n8n.installIntoUserFolder(shared, pack || n8n.packPackage());
		stack.nodesDir = path.join(shared, '.n8n', 'nodes');
		instanceFolder(stack, 'main');
		log(`redis :${ports.redis}, postgres :${ports.postgres}, package installed (${Math.round((Date.now() - started) / 1000)} s)`);
		if (setup) await setup(stack);

		// The main first: it runs the database migrations; workers racing it would collide.
		stack.main = n8n.startServer(f, stack.userFolder, { port: ports.main, brokerPort: ports.mainBroker, env, echo });
		track(stack.main.pid, 'n8n main');
		await stack.main.ready;
		await n8n.setupOwner(stack.main.url);
		for (let i = 0; i < workers; i++) stack.workers.push(startWorkerProcess(stack, i, concurrency, echo));
		await Promise.all(stack.workers.map((w) => w.ready));
		log(`n8n ${f.version}: main :${ports.main} and ${workers} worker(s) ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return stack;
	} catch (error) {
		await stopQueueStack(stack);
		throw error;
	}
}

/** `<dir>/<name>` with `.n8n/nodes` linked to the shared package install. */
function instanceFolder(stack, name) {
	const folder = path.join(stack.dir, name);
	const link = path.join(folder, '.n8n', 'nodes');
	if (!fs.existsSync(link)) {
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(stack.nodesDir, link, 'dir');
	}
	return folder;
}

function startWorkerProcess(stack, index, concurrency, echo) {
	const p = workerPorts(stack.ports, index);
	const w = n8n.startWorker(stack.f, instanceFolder(stack, `worker-${index + 1}`), {
		port: p.http,
		brokerPort: p.broker,
		healthPort: p.health,
		concurrency,
		env: stack.env,
		echo,
	});
	track(w.pid, `n8n worker ${index + 1}`);
	w.index = index;
	w.name = `worker ${index + 1}`;
	return w;
}

/** SIGKILL to a worker's whole process group (its task runner included), as a crash would. */
async function killWorker(stack, index) {
	const w = stack.workers[index];
	n8n.killGroup(w.pid, 'SIGKILL');
	await w.exit;
	untrack(w.pid);
}

/** Stops worker `index` gracefully (SIGTERM: it finishes or hands back its jobs). */
async function stopWorker(stack, index) {
	const w = stack.workers[index];
	await w.stop(30000);
	untrack(w.pid);
}

/** Starts worker `index` again (after killWorker/stopWorker) with the same ports and folder. */
async function restartWorker(stack, index, concurrency = 10) {
	const w = startWorkerProcess(stack, index, concurrency, false);
	stack.workers[index] = w;
	await w.ready;
	return w;
}

/** Imports workflows as active (possible in queue mode: `--activeState=fromJson`), one n8n boot. */
async function importActiveWorkflows(stack, workflows) {
	const dir = fs.mkdtempSync(path.join(stack.dir, 'workflows-'));
	workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify({ ...wf, active: true })));
	await stack.cli(['import:workflow', '--separate', `--input=${dir}`, '--activeState=fromJson']);
	fs.rmSync(dir, { recursive: true, force: true });
}

async function stopQueueStack(stack) {
	const steps = [
		...stack.workers.map((w) => () => w.stop(15000).then(() => untrack(w.pid))),
		() => stack.main && stack.main.stop(15000).then(() => untrack(stack.main.pid)),
		() => stack.redis && stack.redis.stop(),
		() => stack.postgres && stack.postgres.stop(),
	];
	// workers and main in parallel, then the services they use
	await Promise.allSettled(steps.slice(0, -2).map((s) => s()));
	await Promise.allSettled(steps.slice(-2).map((s) => s()));
	killAllNow();
	fs.rmSync(stack.dir, { recursive: true, force: true });
}

module.exports = { startQueueStack, stopQueueStack, killWorker, stopWorker, restartWorker, importActiveWorkflows, queueEnv };
