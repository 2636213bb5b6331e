/**
 * The package in n8n queue mode: a main (webhooks, the polling trigger) and two workers taking
 * executions from Redis, Postgres as the shared database, the SarvCRM sandbox over loopback.
 * Asserted on the sandbox (request log, records) and on Postgres (execution_entity); which
 * worker ran an execution comes from the workers' own logs.
 * The measured figures are written to test-results/queue-figures.json for docs/queue-mode.md.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { n8n } from '../e2e/helpers';
import { DEFAULT_USERS, SarvCrmSandbox, type SandboxLogEntry } from '../sandbox/server';
import { executions, postJson, queue, sleep, startedBy, waitFor, type QueueStack } from './stack';
import {
	BATCH_PATH,
	BATCH_WF,
	BURST_PATH,
	BURST_WF,
	batchWorkflow,
	burstWorkflow,
	CRED,
	SEEN_PREFIX,
	TRIGGER_CRED,
	TRIGGER_USER,
	TRIGGER_WF,
	triggerWorkflow,
} from './workflows';

const WORKERS = 2;
const BURST = 40;
const BATCH = 60;
const ADMIN = DEFAULT_USERS[0];
const figures: Record<string, unknown> = {};

let sandbox: SarvCrmSandbox;
let stack: QueueStack;

const webhook = (path: string) => `${stack.main.url}/webhook/${path}`;
const leadsByEmail = (pattern: RegExp) => sandbox.records('Leads').filter((r) => pattern.test(String(r.email1 ?? '')));
const loginsOf = (log: SandboxLogEntry[], user: string) =>
	log.filter((e) => e.method === 'Login' && (e.body as { user_name?: string } | undefined)?.user_name === user).length;

function countBy(values: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[v] = (out[v] ?? 0) + 1;
	return out;
}

/** How many of these executions each worker's log says it started. */
function perWorker(ids: string[]): number[] {
	const wanted = new Set(ids);
	return stack.workers.map((w) => startedBy(w).filter((id) => wanted.has(id)).length);
}

async function burst(from: number): Promise<Array<{ status: number; json: any; text: string }>> {
	return await Promise.all(Array.from({ length: BURST }, (_, i) => postJson(webhook(BURST_PATH), { n: from + i })));
}

beforeAll(async () => {
	const ports = queue.queuePorts();
	// SarvCRM refuses logins beyond a user's session limit (code 60): allow one per worker, no more
	sandbox = new SarvCrmSandbox({ port: ports.sandbox, seed: true, users: [{ ...ADMIN, maxSessions: WORKERS }, TRIGGER_USER] });
	await sandbox.start();
	const tarball = process.env.QUEUE_TARBALL;
	const sha256 = process.env.QUEUE_TARBALL_SHA256;
	const credential = (c: { id: string; name: string }, user: { user_name: string; password: string }) =>
		n8n.sarvCredential({ ...c, baseUrl: sandbox.url, utype: sandbox.utype, username: user.user_name, password: user.password });
	stack = await queue.startQueueStack({
		workers: WORKERS,
		concurrency: 10,
		pack: tarball && sha256 ? { tarball, sha256 } : undefined,
		setup: async (s) => {
			await n8n.importCredentials(s.f, s.userFolder, [credential(CRED, ADMIN), credential(TRIGGER_CRED, TRIGGER_USER)], { env: s.env });
			await queue.importActiveWorkflows(s, [burstWorkflow(), batchWorkflow(), triggerWorkflow()]);
		},
	});
	// The trigger's activation poll sets its checkpoint; records created before it are not new.
	await waitFor(
		() => {
			const i = sandbox.log.findIndex(
				(e) => e.method === 'Login' && (e.body as { user_name?: string }).user_name === TRIGGER_USER.user_name,
			);
			return i >= 0 && sandbox.log.slice(i).some((e) => e.method === 'Retrieve' && e.module === 'Leads' && e.status === 200);
		},
		60_000,
		"the trigger's activation poll",
	);
}, 8 * 60_000);

afterAll(async () => {
	await stack?.stop();
	await sandbox?.stop();
	const out = join(n8n.ROOT, 'test-results');
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, 'queue-figures.json'), JSON.stringify(figures, null, 2) + '\n');
	process.stderr.write(`\n[queue] figures: ${JSON.stringify(figures)}\n`);
}, 120_000);

test(`${BURST} Get Many + Create executions started at once through a webhook: both workers take some, all succeed, no duplicates`, async () => {
	sandbox.clearLog();
	const started = Date.now();
	const replies = await burst(1);
	figures.burstSeconds = (Date.now() - started) / 1000;

	expect(replies.map((r) => r.status)).toEqual(Array(BURST).fill(200));
	const ids = replies.map((r) => String(r.json?.id ?? ''));
	expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
	expect(new Set(ids).size).toBe(BURST);

	const rows = executions(stack, BURST_WF);
	expect(rows).toHaveLength(BURST);
	expect(countBy(rows.map((r) => r.status))).toEqual({ success: BURST });
	const split = perWorker(rows.map((r) => r.id));
	figures.burstExecutionsPerWorker = split;
	expect(split.reduce((a, b) => a + b, 0)).toBe(BURST);
	for (const n of split) expect(n).toBeGreaterThan(0);

	const leads = leadsByEmail(/^burst-\d+@queue\.test$/);
	expect(leads).toHaveLength(BURST);
	expect(new Set(leads.map((l) => l.email1)).size).toBe(BURST);
	// One Save per execution: nothing was sent twice.
	expect(sandbox.log.filter((e) => e.method === 'Save' && e.module === 'Leads').length).toBe(BURST);
	figures.burstLoginsEmptyToken = loginsOf(sandbox.log, ADMIN.user_name);
	figures.burstGetModuleFields = sandbox.calls('GetModuleFields');
	expect(figures.burstLoginsEmptyToken).toBeLessThanOrEqual(WORKERS);
});

test(`the stored token expired before a burst of ${BURST}: logins <= ${WORKERS} (workers), within a session limit of ${WORKERS}`, async () => {
	sandbox.expireAllTokens();
	sandbox.setLatency(30); // executions overlap the expiry, as on a real server
	sandbox.clearLog();
	const replies = await burst(101);
	sandbox.setLatency(0);

	expect(replies.map((r) => r.status)).toEqual(Array(BURST).fill(200));
	const rows = executions(stack, BURST_WF).slice(BURST);
	expect(countBy(rows.map((r) => r.status))).toEqual({ success: BURST });
	figures.expiryExecutionsPerWorker = perWorker(rows.map((r) => r.id));
	const log = [...sandbox.log];
	const logins = loginsOf(log, ADMIN.user_name);
	figures.loginsAtExpiry = logins;
	figures.rejectedWithExpiredToken = log.filter((e) => e.status === 401 && e.method !== 'Login').length;
	expect(logins).toBeGreaterThanOrEqual(1);
	expect(logins).toBeLessThanOrEqual(WORKERS);
	expect(leadsByEmail(/^burst-1\d\d@queue\.test$/)).toHaveLength(BURST);
});

test('the trigger polls on the main while workers run executions: each new lead is emitted exactly once', async () => {
	const created = leadsByEmail(/^burst-\d+@queue\.test$/).map((l) => String(l.id));
	expect(created).toHaveLength(2 * BURST);
	const seen = () =>
		sandbox
			.records('Notes')
			.map((n) => String(n.name))
			.filter((name) => name.startsWith(SEEN_PREFIX));
	await waitFor(() => created.every((id) => seen().includes(SEEN_PREFIX + id)), 60_000, 'a note for every new lead');
	await sleep(11_000); // two more polls: nothing may be emitted again
	const counts = countBy(seen());
	expect(created.filter((id) => counts[SEEN_PREFIX + id] !== 1)).toEqual([]);
	// and nothing but the new leads (seeded leads predate the activation)
	expect(Object.keys(counts).sort()).toEqual(created.map((id) => SEEN_PREFIX + id).sort());

	const rows = executions(stack, TRIGGER_WF);
	expect(rows.length).toBeGreaterThan(0);
	expect(countBy(rows.map((r) => r.status))).toEqual({ success: rows.length });
	expect(rows.every((r) => r.mode === 'trigger')).toBe(true);
	figures.triggerExecutions = rows.length;
	figures.triggerExecutionsPerWorker = perWorker(rows.map((r) => r.id));
	expect(stack.main.logs()).not.toMatch(/Worker started execution/);
});

/** Posts a batch of BATCH leads to the Create or Update workflow; waits until a worker has created `atLeast` of them. */
async function startBatch(tag: string, atLeast: number) {
	const known = new Set(executions(stack, BATCH_WF).map((r) => r.id));
	const items = Array.from({ length: BATCH }, (_, i) => ({ name: `Batch ${i}`, email: `${tag}-${i}@queue.test` }));
	expect((await postJson(webhook(BATCH_PATH), { items })).status).toBe(200);
	const run = await waitFor(() => executions(stack, BATCH_WF).find((r) => !known.has(r.id)), 30_000, 'the batch execution');
	const worker = await waitFor(() => stack.workers.find((w) => startedBy(w).includes(run.id)), 30_000, 'the worker running the batch');
	await waitFor(() => batchLeads(tag).length >= atLeast, 30_000, 'the first creates of the batch');
	return { run, worker, items };
}

const batchLeads = (tag: string) => leadsByEmail(new RegExp(`^${tag}-\\d+@queue\\.test$`));
const status = (id: string) => executions(stack, BATCH_WF).find((r) => r.id === id)?.status;

/** Every email of the batch is on exactly one lead. */
function expectNoDuplicates(tag: string) {
	const emails = batchLeads(tag).map((l) => String(l.email1));
	expect(emails).toHaveLength(BATCH);
	expect(new Set(emails).size).toBe(BATCH);
}

test('a worker killed (SIGKILL) mid-batch while another runs: n8n re-runs the stalled execution there; Create or Update leaves no duplicates', async () => {
	sandbox.setLatency(100); // the batch takes seconds: time to kill its worker halfway
	const { run, worker: victim } = await startBatch('stall', 10);
	const killedAt = Date.now();
	await queue.killWorker(stack, victim.index);
	const createdBeforeKill = batchLeads('stall').length;
	expect(createdBeforeKill).toBeLessThan(BATCH);

	// n8n's default (QUEUE_WORKER_MAX_STALLED_COUNT=1): a job whose worker died is run again, from the start, by another worker
	const survivor = stack.workers.find((w) => w !== victim)!;
	await waitFor(() => startedBy(survivor).includes(run.id), 60_000, 'the surviving worker to take the stalled execution');
	figures.stalledRerunAfterSeconds = Math.round((Date.now() - killedAt) / 1000);
	await waitFor(() => status(run.id) === 'success', 60_000, 'the re-run to finish');
	figures.stalledRun = `${createdBeforeKill} of ${BATCH} created before the kill; re-run on the other worker after ${figures.stalledRerunAfterSeconds} s, status success`;
	expectNoDuplicates('stall');
	// the restarted worker's recovery pass leaves the finished execution alone
	await queue.restartWorker(stack, victim.index);
	expect(status(run.id)).toBe('success');
});

test('the only worker killed (SIGKILL) mid-batch: on restart n8n marks the execution crashed; re-running the Create or Update leaves no duplicates', async () => {
	await queue.stopWorker(stack, 1);
	const { run, worker } = await startBatch('crash', 10);
	expect(worker.index).toBe(0);
	await queue.killWorker(stack, 0);
	const createdBeforeKill = batchLeads('crash').length;
	expect(createdBeforeKill).toBeLessThan(BATCH);
	expect(status(run.id)).toBe('running');

	// The worker comes back (as a container's restart policy does): its event log shows the
	// execution unfinished, so it is marked crashed before the stalled job could run again.
	await queue.restartWorker(stack, 0);
	await waitFor(() => status(run.id) === 'crashed', 30_000, `execution ${run.id} marked crashed`);
	figures.crashedRun = `${createdBeforeKill} of ${BATCH} created before the kill; status after the worker restarted: crashed`;

	const known = new Set(executions(stack, BATCH_WF).map((r) => r.id));
	const items = Array.from({ length: BATCH }, (_, i) => ({ name: `Batch ${i}`, email: `crash-${i}@queue.test` }));
	expect((await postJson(webhook(BATCH_PATH), { items })).status).toBe(200);
	const rerun = await waitFor(
		() => executions(stack, BATCH_WF).find((r) => !known.has(r.id) && r.status === 'success'),
		90_000,
		'the re-run to succeed',
	);
	expect(status(run.id)).toBe('crashed');
	expect(rerun.status).toBe('success');
	expectNoDuplicates('crash');
	sandbox.setLatency(0);
});
