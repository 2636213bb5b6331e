/**
 * Include Deleted Records on Get and Get Many: read through service2's get_entry_list with
 * `deleted`, so a reconciliation run sees the records v5 no longer returns.
 */
import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

const insert = (name: string) => String(h.sandbox.insert('Leads', { last_name: name, status: 'New', lead_source: 'Partner' }).id);

it('Get Many lists deleted records beside live ones, each with its deleted field; without the option, live ones only', async () => {
	const live = insert('Reconcile live');
	const gone = insert('Reconcile gone');
	h.sandbox.remove('Leads', gone);
	const filters = { conditions: [{ field: 'last_name', operator: 'startsWith', value: 'Reconcile' }] };
	const base = { resource: 'Leads', operation: 'getAll', returnAll: true, filters, output: 'raw' };
	const all = (await h.runNode({ ...base, options: { includeDeleted: true } })).assertSuccess().json();
	expect(all.map((r) => [r.id, r.deleted])).toEqual([
		[live, '0'],
		[gone, '1'],
	]);
	const liveOnly = (await h.runNode(base)).assertSuccess().json();
	expect(liveOnly.map((r) => r.id)).toEqual([live]);
});

it('Get Many with Selected Fields keeps the deleted field, and honours Limit', async () => {
	for (let i = 0; i < 3; i++) h.sandbox.remove('Leads', insert(`Limited ${i}`));
	const filters = { conditions: [{ field: 'last_name', operator: 'startsWith', value: 'Limited' }] };
	const rows = (
		await h.runNode({
			resource: 'Leads',
			operation: 'getAll',
			limit: 2,
			filters,
			output: 'selected',
			selectedFields: ['last_name'],
			options: { includeDeleted: true },
		})
	)
		.assertSuccess()
		.json();
	expect(rows).toHaveLength(2);
	expect(rows[0]).toMatchObject({ last_name: 'Limited 0', deleted: '1' });
});

it('Get finds a deleted record by id with the option (many items together), and fails without it', async () => {
	const gone = insert('Get gone');
	const live = insert('Get live');
	h.sandbox.remove('Leads', gone);
	const params = { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}', options: { includeDeleted: true } };
	const got = (await h.runNode(params, [{ id: gone }, { id: live }])).assertSuccess().json();
	expect(got.map((r) => [r.id, r.deleted, r.last_name])).toEqual([
		[gone, '1', 'Get gone'],
		[live, '0', 'Get live'],
	]);
	expect(h.sandbox.log.filter((e) => e.method === 'service2.get_entry_list').at(-1)?.body).toMatchObject({
		rest_data: expect.objectContaining({ deleted: 1 }),
	});
	const without = await h.runNode({ ...params, options: {} }, [{ id: gone }]);
	expect(without.error?.message).toMatch(/deleted or does not exist|Deleted Record/);
});

it('without service2 the option fails with a message naming it and the probe', async () => {
	h.sandbox.setProfile({ service2: 'absent' });
	try {
		const run = await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, options: { includeDeleted: true } });
		expect(run.error?.message).toMatch(/Include Deleted Records needs SarvCRM's service2/);
		expect(String((run.error as { description?: string } | undefined)?.description)).toMatch(/npm run probe/);
	} finally {
		h.sandbox.setProfile({ service2: 'json' });
	}
});
