/** The queue stack's ports: the lead's defaults, overridable one by one, never overlapping. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { queuePorts, workerPorts } = require('../../../scripts/queue/ports') as {
	queuePorts(): Record<string, number>;
	workerPorts(p: Record<string, number>, i: number): { http: number; broker: number; health: number };
};

const VARS = [
	'QUEUE_REDIS_PORT',
	'QUEUE_POSTGRES_PORT',
	'QUEUE_SANDBOX_PORT',
	'QUEUE_N8N_PORT',
	'QUEUE_N8N_BROKER_PORT',
	'QUEUE_WORKER_PORT_BASE',
];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));

afterEach(() => {
	for (const v of VARS) {
		if (saved[v] === undefined) delete process.env[v];
		else process.env[v] = saved[v];
	}
});

beforeEach(() => {
	for (const v of VARS) delete process.env[v];
});

it('defaults to the ports reserved for the queue stack', () => {
	const p = queuePorts();
	expect(p).toEqual({ redis: 6391, postgres: 5441, sandbox: 8791, main: 5720, mainBroker: 5721, workerBase: 5722 });
	expect([workerPorts(p, 0), workerPorts(p, 1)]).toEqual([
		{ http: 5722, broker: 5723, health: 5724 },
		{ http: 5725, broker: 5726, health: 5727 },
	]);
});

it('gives every process of a two-worker stack distinct ports', () => {
	const p = queuePorts();
	const all = [p.redis, p.postgres, p.sandbox, p.main, p.mainBroker, ...[0, 1].flatMap((i) => Object.values(workerPorts(p, i)))];
	expect(new Set(all).size).toBe(all.length);
});

it('takes each port from its environment variable', () => {
	process.env.QUEUE_N8N_PORT = '5760';
	process.env.QUEUE_WORKER_PORT_BASE = '5800';
	const p = queuePorts();
	expect(p.main).toBe(5760);
	expect(workerPorts(p, 1).http).toBe(5803);
	expect(p.redis).toBe(6391);
});

it('rejects a value that is not a port', () => {
	process.env.QUEUE_REDIS_PORT = 'redis';
	expect(() => queuePorts()).toThrow(/QUEUE_REDIS_PORT must be a TCP port/);
	process.env.QUEUE_REDIS_PORT = '70000';
	expect(() => queuePorts()).toThrow(/QUEUE_REDIS_PORT/);
});
