/**
 * 13. Bulk Write through service2 (node version 1.2): a nightly import of 10,000 leads in
 * set_entries batches of 100, against the same import one call per item (Bulk Write off); then,
 * side by side, the two kinds of re-run: a production execution that stopped at record 37 of a
 * batch, resumed by the next execution (one lead per row), and an import re-run on purpose with
 * a Record Key (the second run updates: one lead per row).
 */
import type { INodeParameters } from 'n8n-workflow';

import { fmtMs, fmtRatio, rows, timed, warmUp, withBenchHarness, type BenchHarness, type Scenario } from './lib';

const NAME = '13. Bulk Write (service2)';
const RECORDS = 10_000;

const importLeads = (tag: string, bulkWrite: boolean, more: Record<string, unknown> = {}): INodeParameters => ({
	resource: 'Leads',
	operation: 'create',
	fieldsInput: 'list',
	fields: {
		field: [
			{ name: 'last_name', value: `={{ "${tag} " + $json.i }}` },
			{ name: 'status', value: 'New' },
		],
	},
	options: { bulkWrite, batchSize: 100, ...more },
});
/** A production execution (n8n keeps its static data), as a schedule or webhook runs it. */
const PRODUCTION = { mode: 'trigger' as const, workflowId: 'bench-bulk-write' };
const input = Array.from({ length: RECORDS }, (_, i) => ({ i }));
const writeCalls = async (h: BenchHarness) =>
	(await h.sandbox.log()).filter((e) => e.method === 'Save' || e.method === 'service2.set_entries').length;
const stored = async (h: BenchHarness, tag: string) => {
	const names = (await h.sandbox.records('Leads')).map((r) => String(r.last_name)).filter((n) => n.startsWith(`${tag} `));
	return { count: names.length, distinct: new Set(names).size };
};

export const bulkWriteScenario: Scenario = {
	id: 'bulk-write',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(
			async (h) => {
				await warmUp(h);
				const on = await timed(async () => (await h.runNode(importLeads('On', true), input)).assertSuccess().items().length);
				const onCalls = await writeCalls(h);
				await h.sandbox.clearLog();
				const off = await timed(async () => (await h.runNode(importLeads('Off', false), input)).assertSuccess().items().length);
				const offCalls = await writeCalls(h);
				const created = await stored(h, 'On');
				r.check(
					`${RECORDS} Creates, Bulk Write on: write calls`,
					`${onCalls} (${created.count} stored, ${created.distinct} distinct)`,
					'≤ 101',
					onCalls <= 101 && created.count === RECORDS && created.distinct === RECORDS,
				);
				r.check(`${RECORDS} Creates, Bulk Write off: write calls`, offCalls, `= ${RECORDS}`, offCalls === RECORDS);
				r.info(`${RECORDS} Creates: wall time on / off`, `${fmtMs(on.ms)} / ${fmtMs(off.ms)}`);
				r.check('wall time ratio Bulk Write on / off', fmtRatio(on.ms / off.ms), '≤ 0.25', on.ms / off.ms <= 0.25);

				// Resumed: a batch dies at its record 37 (36 written, no transaction) and the re-sent rest
				// fails too, so the production execution fails; the next one resumes it.
				await h.sandbox.bulkFaults({ failAtRecord: 37 });
				await h.sandbox.failNext(1, { type: 'status', status: 502 }, 'service2.set_entries');
				const failed = await h.runNode(importLeads('Again', true, { maxParallel: 1 }), input, {}, PRODUCTION);
				const partial = await stored(h, 'Again');
				await h.sandbox.clearLog();
				const resumed = await timed(async () => (await h.runNode(importLeads('Again', true), input, {}, PRODUCTION)).assertSuccess());
				const resumedCalls = await writeCalls(h);
				const after = await stored(h, 'Again');
				// Deliberate: the same import twice with a Record Key (the row's number); the second run updates.
				const keyed = importLeads('Keyed', true, { recordKey: '={{ $json.i }}' });
				(await h.runNode(keyed, input)).assertSuccess();
				await h.sandbox.clearLog();
				const rerun = await timed(async () => (await h.runNode(keyed, input)).assertSuccess());
				const rerunCalls = await writeCalls(h);
				const keyedRows = await stored(h, 'Keyed');
				r.info('the failed production run: status, leads written before it stopped', `${failed.status}, ${partial.count}`);
				r.info(
					'resumed run / deliberate re-run (Record Key): wall time, write calls',
					`${fmtMs(resumed.ms)}, ${resumedCalls} / ${fmtMs(rerun.ms)}, ${rerunCalls}`,
				);
				r.check(
					'resumed run after a batch failed at record 37 of 100: leads',
					`${after.count} (${after.distinct} distinct rows)`,
					`= ${RECORDS}, one per input row`,
					failed.status === 'error' && partial.count === 36 && after.count === RECORDS && after.distinct === RECORDS,
				);
				r.check(
					'deliberate re-run with Record Key (the import run twice): leads',
					`${keyedRows.count} (${keyedRows.distinct} distinct rows)`,
					`= ${RECORDS}, one per input row`,
					keyedRows.count === RECORDS && keyedRows.distinct === RECORDS,
				);
			},
			{ nodeVersion: 1.2 },
		);
		return r.list;
	},
};
