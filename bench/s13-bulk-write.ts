/**
 * 13. Bulk Write through service2 (node version 1.2): a nightly import of 10,000 leads in
 * set_entries batches of 100, against the same import one call per item (Bulk Write off); then
 * a batch the server dies on at record 37 of 100 with the run repeated: one lead per row.
 */
import type { INodeParameters } from 'n8n-workflow';

import { fmtMs, fmtRatio, rows, timed, warmUp, withBenchHarness, type BenchHarness, type Scenario } from './lib';

const NAME = '13. Bulk Write (service2)';
const RECORDS = 10_000;

const importLeads = (tag: string, bulkWrite: boolean): INodeParameters => ({
	resource: 'Leads',
	operation: 'create',
	fieldsInput: 'list',
	fields: {
		field: [
			{ name: 'last_name', value: `={{ "${tag} " + $json.i }}` },
			{ name: 'status', value: 'New' },
		],
	},
	options: { bulkWrite, batchSize: 100 },
});
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

				// A batch dies at its record 37 (36 written, no transaction), and the re-sent rest fails too: the run fails.
				await h.sandbox.bulkFaults({ failAtRecord: 37 });
				await h.sandbox.failNext(1, { type: 'status', status: 502 }, 'service2.set_entries');
				const failed = await h.runNode(
					{ ...importLeads('Again', true), options: { bulkWrite: true, batchSize: 100, maxParallel: 1 } },
					input,
				);
				const partial = await stored(h, 'Again');
				r.info('the failed run: status, leads written before it stopped', `${failed.status}, ${partial.count}`);
				(await h.runNode(importLeads('Again', true), input)).assertSuccess();
				const after = await stored(h, 'Again');
				r.check(
					'a batch failing at record 37 of 100, then the run repeated: leads created',
					`${after.count} (${after.distinct} distinct rows)`,
					`= ${RECORDS}, one per input row`,
					failed.status === 'error' && after.count === RECORDS && after.distinct === RECORDS,
				);
			},
			{ nodeVersion: 1.2 },
		);
		return r.list;
	},
};
