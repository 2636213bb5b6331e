/**
 * 8. Batched Get (issue 13): 1,000 input items to Get read their records in
 * ceil(1000 / 300) = 4 Retrieve calls (`id IN (...)`), against the item-by-item way a
 * hand-written integration or n8n's HTTP Request node goes: 1,000 single Retrieve calls.
 */
import { fmtMs, fmtRatio, median, PAGE_CAP, RawClient, rows, seedLeads, timed, warmUp, withBenchHarness, type Scenario } from './lib';

const NAME = '8. Batched Get';
const ITEMS = 1_000;
/** Rounds of node-then-raw; the judged ratio is the median of the per-round ratios. */
const ROUNDS = 3;
/** The raw peer's requests in flight: the node's default Max Parallel Requests. */
const RAW_PARALLEL = 4;

const getById = { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}' };

/** One record by id, as the API's single Retrieve (GET …&id=) reads it. */
async function retrieveOne(raw: RawClient, id: string): Promise<unknown> {
	const qs = new URLSearchParams({ method: 'Retrieve', module: 'Leads', id });
	const response = await fetch(`${raw.url}?${qs}`, { headers: { Accept: 'application/json', Authorization: `Bearer ${raw.token}` } });
	if (!response.ok) throw new Error(`Retrieve ${id} answered HTTP ${response.status}`);
	return ((await response.json()) as { data: unknown }).data;
}

/** The item-by-item way: every id read on its own, `parallel` at a time. */
async function itemByItem(raw: RawClient, ids: string[], parallel: number): Promise<number> {
	let next = 0;
	let read = 0;
	const worker = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			if (await retrieveOne(raw, id)) read++;
		}
	};
	await Promise.all(Array.from({ length: parallel }, worker));
	return read;
}

export const batchGetScenario: Scenario = {
	id: 'batch-get',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(async (h) => {
			const ids = await seedLeads(h, ITEMS);
			await warmUp(h);
			const input = ids.map((id) => ({ id }));
			const minimum = Math.ceil(ITEMS / PAGE_CAP);

			const first = await timed(async () => (await h.runNode(getById, input)).assertSuccess());
			const out = first.value.items();
			const inOrder =
				out.length === ITEMS && out.every((item, i) => item.json.id === ids[i] && (item.pairedItem as { item: number }).item === i);
			const log = await h.sandbox.log();
			const retrieves = log.filter((e) => e.method === 'Retrieve');
			const confirming = retrieves.filter((e) => Number((e.body as { offset?: number }).offset ?? 0) > 0).length;
			r.check(
				`${ITEMS} items: records back to their items, in input order, pairedItem right`,
				`${out.length}${inOrder ? ', in order' : ', OUT OF ORDER'}`,
				`${ITEMS}, in order`,
				inOrder,
			);
			r.check(
				`${ITEMS} items: Retrieve calls`,
				`${retrieves.length} (of which ${confirming} confirming a full page)`,
				`= ${minimum} (ceil(${ITEMS}/${PAGE_CAP}); item by item: ${ITEMS})`,
				retrieves.length === minimum,
				'A batch of 300 ids can return at most 300 records, but the batched read pages like a listing: after a full page ' +
					'it asks for the next one (offset 300), which comes back empty. Reading each batch with max = its number of ids ends it.',
			);
			r.check(`${ITEMS} items: API calls in all`, log.length, `= ${minimum}`, log.length === minimum);

			const raw = new RawClient(h.url);
			raw.token = h.credentials.token();
			const sequential = await timed(async () => await itemByItem(raw, ids, 1));
			if (sequential.value !== ITEMS) throw new Error(`the raw loop read ${sequential.value} of ${ITEMS}`);
			r.info(`item by item, raw fetch, one at a time: ${ITEMS} Retrieve calls`, fmtMs(sequential.ms));
			r.info(`node, batched (first run)`, fmtMs(first.ms));

			const nodeMs: number[] = [];
			const rawMs: number[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				const a = await timed(async () => (await h.runNode(getById, input)).assertSuccess().items().length);
				const b = await timed(async () => await itemByItem(raw, ids, RAW_PARALLEL));
				if (a.value !== ITEMS || b.value !== ITEMS) throw new Error(`round ${round}: node read ${a.value}, raw ${b.value} of ${ITEMS}`);
				nodeMs.push(a.ms);
				rawMs.push(b.ms);
			}
			r.info(`item by item, raw fetch, ${RAW_PARALLEL} at a time (median of ${ROUNDS})`, fmtMs(median(rawMs)));
			r.info(`node, batched (median of ${ROUNDS})`, fmtMs(median(nodeMs)));
			const ratio = median(nodeMs.map((ms, i) => ms / rawMs[i]));
			r.check(
				`wall time ratio node batched / raw item by item at ${RAW_PARALLEL} in flight (median of per-round ratios)`,
				`${fmtRatio(ratio)} (rounds: ${nodeMs.map((ms, i) => fmtRatio(ms / rawMs[i])).join(', ')})`,
				'≤ 0.50',
				ratio <= 0.5,
				'The node sends a few hundred times fewer requests; a ratio above 0.5 means the sandbox spends most of the time ' +
					"evaluating the long id lists, or other load on the machine delayed the node's rounds.",
			);
			r.info(`wall time ratio node batched / raw item by item one at a time`, fmtRatio(median(nodeMs) / sequential.ms));
		});
		return r.list;
	},
};
