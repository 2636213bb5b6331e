/**
 * 9. Batched Create or Update (issue 13): 1,000 upserts, half of them matching an existing
 * record. The lookups go in one Retrieve per up to 300 match values, the saves one per item:
 * calls ≤ 1000 + ceil(1000 / 300), where item by item it is a lookup and a save per item (~2,000).
 */
import type { INodeParameters } from 'n8n-workflow';

import { fmtMs, PAGE_CAP, rows, timed, warmUp, withBenchHarness, type Scenario } from './lib';

const NAME = '9. Batched Create or Update';
const ITEMS = 1_000;

export const upsertContacts = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'Contacts',
	operation: 'upsert',
	fieldsInput: 'list',
	matchFields: ['email1'],
	fields: {
		field: [
			{ name: 'email1', value: '={{ $json.email }}' },
			{ name: 'last_name', value: '={{ $json.name }}' },
		],
	},
	options,
});

export const batchUpsertScenario: Scenario = {
	id: 'batch-upsert',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(async (h) => {
			const email = (i: number) => `bench.upsert.${i}@example.com`;
			const existing = Array.from({ length: ITEMS / 2 }, (_, k) => ({ last_name: `Old ${2 * k}`, email1: email(2 * k) }));
			const existingIds = await h.sandbox.insertMany('Contacts', existing);
			await warmUp(h);

			const input = Array.from({ length: ITEMS }, (_, i) => ({ email: email(i), name: `New ${i}` }));
			const run = await timed(async () => (await h.runNode(upsertContacts(), input)).assertSuccess());
			const out = run.value.json();
			const log = await h.sandbox.log();
			const retrieves = log.filter((e) => e.method === 'Retrieve');
			const lookups = retrieves.filter((e) => !Number((e.body as { offset?: number }).offset ?? 0)).length;
			const confirming = retrieves.length - lookups;
			const saves = log.filter((e) => e.method === 'Save').length;
			const batches = Math.ceil(ITEMS / PAGE_CAP);

			const created = out.filter((o) => o.upsertResult === 'created').length;
			const updated = out.filter((o) => o.upsertResult === 'updated').length;
			const rightResult = out.every((o, i) => o.upsertResult === (i % 2 ? 'created' : 'updated'));
			const updatedIds = new Set(out.filter((o) => o.upsertResult === 'updated').map((o) => o.id));
			const stored = (await h.sandbox.records('Contacts')).filter((c) => String(c.email1).startsWith('bench.upsert.'));
			r.check(
				`${ITEMS} upserts (half existing): created / updated`,
				`${created} / ${updated}; ${stored.length} stored`,
				`${ITEMS / 2} / ${ITEMS / 2}, the existing ones updated; ${ITEMS} stored`,
				rightResult && existingIds.every((id) => updatedIds.has(id)) && stored.length === ITEMS,
			);
			r.check(
				`${ITEMS} upserts: lookup Retrieve calls + Save calls`,
				`${lookups} + ${saves} = ${lookups + saves}`,
				`≤ ${ITEMS} + ${batches} (ceil(${ITEMS}/${PAGE_CAP})) + 1 (the page cap, learned once per process); item by item: ${2 * ITEMS}`,
				lookups + saves <= ITEMS + batches + 1 && saves === ITEMS,
			);
			r.check(
				`${ITEMS} upserts: confirming Retrieve calls (the page after a short one, while the server's page cap is unknown)`,
				confirming,
				`≤ ${batches} (one per lookup batch)`,
				confirming <= batches,
			);
			r.info(`${ITEMS} upserts: API calls in all`, log.length, `item by item: ~${2 * ITEMS}`);
			r.info(`${ITEMS} upserts: wall time (default Max Parallel Requests)`, fmtMs(run.ms));
		});
		return r.list;
	},
};
