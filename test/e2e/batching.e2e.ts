/**
 * Batching in a real n8n: a Get node fed 450 items reads their ids in batches of 300
 * (`id IN (...)`), so the sandbox log shows 2 batched Retrieve calls where item by item
 * there would be 450; every record comes back to its own item, in input order.
 */
import { chain, createEnv, manualTrigger, sarv, type E2eEnv } from './helpers';

const ITEMS = 450;

let env: E2eEnv;

beforeAll(async () => {
	env = await createEnv('batching');
	const seeded = env.sandbox.records('Leads').length;
	for (let i = seeded; i < ITEMS; i++) env.sandbox.insert('Leads', { first_name: 'Batch', last_name: `E2E Batch ${i}`, status: 'New' });
});

afterAll(async () => {
	await env?.close();
});

test(`Get of ${ITEMS} items by id: 2 Retrieve calls (300 + 150 ids), records in input order`, async () => {
	expect(env.sandbox.records('Leads')).toHaveLength(ITEMS);
	env.sandbox.clearLog();

	const res = await env.run(
		chain('e2eBatchGet', 'e2e Batched Get', [
			manualTrigger(),
			sarv('List Leads', { resource: 'Leads', operation: 'getAll', returnAll: false, limit: ITEMS, options: { fields: ['id'] } }),
			sarv('Get Each', { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}', options: {} }),
		]),
	);

	const listed = env.out(res, 'List Leads').map((r) => r.id);
	expect(listed).toHaveLength(ITEMS);
	const got = env.out(res, 'Get Each');
	expect(got.map((r) => r.id)).toEqual(listed);
	expect(got.every((r) => typeof r.last_name === 'string' && r.last_name)).toBe(true);

	// The Get node's calls are the ones asking by id; Get Many's pages carry no id list.
	const batched = env.sandbox.log.filter(
		(e) => e.method === 'Retrieve' && /\bid IN \(/i.test(String((e.body as { query?: unknown }).query ?? '')),
	);
	expect(batched.map((e) => e.status)).toEqual([200, 200]);
	expect(batched.map((e) => String((e.body as { query: string }).query).match(/'[^']+'/g)?.length)).toEqual([300, 150]);
	// No single-record reads either.
	expect(env.sandbox.log.filter((e) => e.method === 'Retrieve' && e.id)).toHaveLength(0);
});
