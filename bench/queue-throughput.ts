/**
 * `npm run bench:queue`: 1000 Creates through n8n queue mode with one worker, then with two
 * (the same stack as `npm run test:queue`, scripts/queue/), and the throughput ratio.
 * Work: 40 webhook executions at once, each 25 leads (Split Out → Create Lead), against the
 * sandbox in a process of its own with a fixed per-request latency, as a remote SarvCRM has.
 * Writes its figures into docs/queue-mode.md between the bench markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { n8n } from '../test/e2e/helpers';
import { postJson, queue, type QueueStack } from '../test/queue/stack';
import { CREATE_BATCH_PATH, createBatchWorkflow, CRED } from '../test/queue/workflows';
import { RemoteSandbox } from './remote-sandbox';

const EXECUTIONS = 40;
const ITEMS = 25;
const LATENCY_MS = Number(process.env.QUEUE_BENCH_LATENCY_MS || 100);
const CONCURRENCY = Number(process.env.QUEUE_BENCH_CONCURRENCY || 10);
const ROUNDS = 2;
const DOC = path.join(n8n.ROOT, 'docs', 'queue-mode.md');
const START = '<!-- bench:queue:start -->';
const END = '<!-- bench:queue:end -->';

let batchNo = 0;

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

async function runRound(
	stack: QueueStack,
	sandbox: RemoteSandbox,
	label: string,
): Promise<{ seconds: number; perSecond: number; cpu: Record<string, number> }> {
	const tag = `${label}-${++batchNo}`;
	const pids: Record<string, number> = { main: stack.main.pid, ...Object.fromEntries(stack.workers.map((w) => [w.name, w.pid])) };
	const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
	const started = Date.now();
	const replies = await Promise.all(
		Array.from({ length: EXECUTIONS }, (_, e) =>
			postJson(`${stack.main.url}/webhook/${CREATE_BATCH_PATH}`, {
				items: Array.from({ length: ITEMS }, (_, i) => ({ name: `Bench ${e}-${i}`, email: `${tag}-${e}-${i}@bench.test` })),
			}),
		),
	);
	const seconds = (Date.now() - started) / 1000;
	const failed = replies.filter((r) => r.status !== 200);
	if (failed.length) throw new Error(`${failed.length} executions failed: ${failed[0].text.slice(0, 300)}`);
	const created = (await sandbox.records('Leads')).filter((r) => String(r.email1 ?? '').startsWith(`${tag}-`)).length;
	if (created !== EXECUTIONS * ITEMS) throw new Error(`${created} leads created, expected ${EXECUTIONS * ITEMS}`);
	const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, Math.round((cpuSeconds(pid) - before[k]) * 10) / 10]));
	return { seconds, perSecond: created / seconds, cpu };
}

async function main(): Promise<void> {
	const sandbox = await RemoteSandbox.spawn({ latencyMs: LATENCY_MS, seed: false });
	let stack: QueueStack | undefined;
	try {
		stack = await queue.startQueueStack({
			workers: 1,
			concurrency: CONCURRENCY,
			setup: async (s) => {
				await n8n.importCredentials(
					s.f,
					s.userFolder,
					[n8n.sarvCredential({ ...CRED, baseUrl: sandbox.url, utype: 'demo', username: 'admin', password: 'sarv-demo' })],
					{ env: s.env },
				);
				await n8n.importWorkflows(s.f, s.userFolder, [createBatchWorkflow()], { env: s.env });
				await s.cli(['update:workflow', '--all', '--active=true']);
			},
		});
		const results: Record<string, Array<Awaited<ReturnType<typeof runRound>>>> = { one: [], two: [] };
		await runRound(stack, sandbox, 'warmup1'); // login, field metadata, JIT
		for (let i = 0; i < ROUNDS; i++) results.one.push(await runRound(stack, sandbox, 'one'));
		await queue.restartWorker(stack, 1, CONCURRENCY);
		await runRound(stack, sandbox, 'warmup2');
		for (let i = 0; i < ROUNDS; i++) results.two.push(await runRound(stack, sandbox, 'two'));

		const best = (rs: typeof results.one) => rs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
		const one = best(results.one);
		const two = best(results.two);
		const ratio = two.perSecond / one.perSecond;
		const load = os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' / ');
		const lines = [
			START,
			`Measured by \`npm run bench:queue\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, n8n ${stack.f.version}, Node ${process.versions.node}; ` +
				`sandbox latency ${LATENCY_MS} ms per request; worker concurrency ${CONCURRENCY}; ${EXECUTIONS} executions × ${ITEMS} Creates = ${EXECUTIONS * ITEMS} per round, best of ${ROUNDS} rounds; load average ${load} at the end.`,
			'',
			'| workers | wall time (s) | Creates / s | CPU s: main | CPU s: workers |',
			'| --- | --- | --- | --- | --- |',
			...[
				['1', one],
				['2', two],
			].map(([n, r]) => {
				const x = r as typeof one;
				const workers = Object.entries(x.cpu)
					.filter(([k]) => k !== 'main')
					.map(([, v]) => v)
					.join(' + ');
				return `| ${n} | ${x.seconds.toFixed(1)} | ${x.perSecond.toFixed(0)} | ${x.cpu.main} | ${workers} |`;
			}),
			'',
			`**Throughput ratio two workers / one: ${ratio.toFixed(2)}×** (all rounds: one worker ${results.one.map((r) => r.perSecond.toFixed(0)).join(', ')} Creates/s; two workers ${results.two.map((r) => r.perSecond.toFixed(0)).join(', ')} Creates/s).`,
			END,
		];
		const doc = readFileSync(DOC, 'utf8');
		const at = doc.indexOf(START);
		const end = doc.indexOf(END);
		if (at < 0 || end < at) throw new Error(`${DOC} has no ${START} … ${END} section`);
		writeFileSync(DOC, doc.slice(0, at) + lines.join('\n') + doc.slice(end + END.length));
		process.stdout.write(lines.slice(1, -1).join('\n') + '\n');
	} finally {
		await stack?.stop();
		await sandbox.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`bench:queue: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
