/** Return All pages with offset until a short page: every record once, fewest calls. */
import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness({ sandbox: { seed: false } });
	for (let i = 0; i < 1000; i++) h.sandbox.insert('Contacts', { last_name: `Paged ${String(i).padStart(4, '0')}` });
});
afterAll(async () => await h.close());

it('returns 1,000 records over 4 pages of 300, each exactly once', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true });
	const ids = result
		.assertSuccess()
		.json()
		.map((r) => r.id);
	expect(ids).toHaveLength(1000);
	expect(new Set(ids).size).toBe(1000);
	const pages = h.sandbox.log.filter((e) => e.method === 'Retrieve').map((e) => e.body as { limit: number; offset: number });
	expect(pages).toEqual([0, 300, 600, 900].map((offset) => expect.objectContaining({ limit: 300, offset })));
});

it('asks for one extra (empty) page only when the total is a multiple of the page size', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({
		resource: 'Contacts',
		operation: 'getAll',
		returnAll: true,
		options: { pageSize: 250, maxParallel: 1 },
	});
	expect(result.assertSuccess().json()).toHaveLength(1000);
	expect(h.sandbox.calls('Retrieve')).toBe(5);
});

it('Limit stops at that many records and asks only for what is missing', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: false, limit: 420 });
	expect(result.assertSuccess().json()).toHaveLength(420);
	expect(h.sandbox.log.filter((e) => e.method === 'Retrieve').map((e) => (e.body as { limit: number }).limit)).toEqual([300, 120]);
});

it('a server capping pages at 200: Page Size 200 reads everything; a larger one learns the cap and reads everything too', async () => {
	h.sandbox.setPageCap(200);
	const baseUrl = h.credentials.get().baseUrl;
	// Another server to the node (a cap does not change under a running server).
	h.credentials.set({ ...h.credentials.get(), baseUrl: `${h.url}?server=cap-200` });
	try {
		h.sandbox.clearLog();
		const atCap = await h.runNode({
			resource: 'Contacts',
			operation: 'getAll',
			returnAll: true,
			options: { pageSize: 200, maxParallel: 1 },
		});
		expect(atCap.assertSuccess().json()).toHaveLength(1000);
		expect(h.sandbox.calls('Retrieve')).toBe(6);
		h.credentials.set({ ...h.credentials.get(), baseUrl: `${h.url}?server=cap-200-fresh` });
		h.sandbox.clearLog();
		const aboveCap = await h.runNode({
			resource: 'Contacts',
			operation: 'getAll',
			returnAll: true,
			options: { pageSize: 300, maxParallel: 1 },
		});
		expect(aboveCap.assertSuccess().json()).toHaveLength(1000);
		// 5 pages of 200, the empty end, and one ids-only probe while the cap was open.
		expect(h.sandbox.calls('Retrieve')).toBeLessThanOrEqual(7);
	} finally {
		h.sandbox.setPageCap(300);
		h.credentials.set({ ...h.credentials.get(), baseUrl });
	}
});
