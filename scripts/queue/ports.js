'use strict';
// Loopback ports of the queue-mode stack; each can be moved with an environment variable
// so that it does not collide with other stacks on the same machine.
function port(name, fallback) {
	const raw = process.env[name];
	const n = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name} must be a TCP port, got "${raw}"`);
	return n;
}

function queuePorts() {
	return {
		redis: port('QUEUE_REDIS_PORT', 6391),
		postgres: port('QUEUE_POSTGRES_PORT', 5441),
		sandbox: port('QUEUE_SANDBOX_PORT', 8791),
		main: port('QUEUE_N8N_PORT', 5720),
		mainBroker: port('QUEUE_N8N_BROKER_PORT', 5721),
		// per worker: N8N_PORT, task broker port, health check port (3 ports from this base)
		workerBase: port('QUEUE_WORKER_PORT_BASE', 5722),
	};
}

/** The three ports of worker number `index` (0-based): 5722-5724, 5725-5727, ... */
function workerPorts(ports, index) {
	const base = ports.workerBase + 3 * index;
	return { http: base, broker: base + 1, health: base + 2 };
}

module.exports = { queuePorts, workerPorts };
