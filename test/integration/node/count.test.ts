/**
 * Count (service2's get_entries_count, one call) and Return All in parallel on a long listing: a
 * report workflow that counts open leads, then exports every contact; and both against a server
 * that answers as SuiteCRM 7's source does on PHP 8 (the sandbox's SUITECRM7_PHP8 switches).
 */
import { startHarness, type Harness } from '../../harness';
import { asAnotherServer } from '../../harness/servers';
import { DEFAULT_PROFILE, SUITECRM7_PHP8 } from '../../sandbox';
import { forgetSession } from '../profiles/helpers';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());
afterEach(() => h.sandbox.setProfile({ ...DEFAULT_PROFILE }));

let runs = 0;
function newServer(): void {
	asAnotherServer(h, `count-${++runs}`);
}
beforeEach(newServer);

const calls = (method: string) => h.sandbox.log.filter((e) => e.method === method).length;
const newLeads = { filters: { conditions: [{ field: 'status', operator: 'equals', value: 'New' }] } };

describe('Count', () => {
	it('counts what Get Many returns, in one service2 call', async () => {
		const all = (await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, ...newLeads })).assertSuccess().json();
		h.sandbox.clearLog();
		const counted = (await h.runNode({ resource: 'Leads', operation: 'count', ...newLeads })).assertSuccess().json();
		expect(counted).toEqual([{ module: 'Leads', count: all.length }]);
		expect(all.length).toBeGreaterThan(0);
		expect(calls('service2.get_entries_count')).toBe(1);
		expect(calls('Retrieve')).toBe(0);
	});

	it('without service2 it counts by listing ids: the same number', async () => {
		const all = (await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, ...newLeads })).assertSuccess().json();
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' });
		const counted = (await h.runNode({ resource: 'Leads', operation: 'count', ...newLeads })).assertSuccess().json();
		expect(counted).toEqual([{ module: 'Leads', count: all.length }]);
	});
});

describe('Return All in parallel', () => {
	const ids = () => h.sandbox.records('Contacts').length;

	it('a long listing, pages at Max Parallel Requests after 4 read one after another: every record once, in the same order', async () => {
		for (let i = ids(); i < 3000; i++) h.sandbox.insert('Contacts', { last_name: `Par ${i}` });
		const sequential = (await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true, options: { maxParallel: 1 } }))
			.assertSuccess()
			.json();
		newServer();
		h.sandbox.clearLog();
		// A little latency, as a real server has, so that requests can overlap.
		h.sandbox.setLatency(5);
		const parallel = (await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true, options: { maxParallel: 4 } }))
			.assertSuccess()
			.json();
		h.sandbox.setLatency(0);
		expect(parallel.map((r) => r.id)).toEqual(sequential.map((r) => r.id));
		expect(new Set(parallel.map((r) => r.id)).size).toBe(parallel.length);
		expect(calls('service2.get_entries_count')).toBe(2);
		// Every page once (the last one short ends the listing, as one after another).
		expect(calls('Retrieve')).toBe(Math.ceil((parallel.length + 1) / 300));
		expect(h.sandbox.maxInFlight).toBeGreaterThan(1);
	});

	it('1,000 records at page 300 cost what version 1.1 costs: one login and 4 pages, no service2', async () => {
		h.sandbox.reset({ seed: false });
		for (let i = 0; i < 1000; i++) h.sandbox.insert('Contacts', { last_name: `Thousand ${i}` });
		const cost = async (typeVersion: number) => {
			newServer();
			forgetSession(h);
			h.sandbox.clearLog();
			const run = await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true }, [{}], { typeVersion });
			expect(run.assertSuccess().json()).toHaveLength(1000);
			return h.sandbox.log.map((e) => e.method);
		};
		const v11 = await cost(1.1);
		expect(await cost(1.2)).toEqual(v11);
		expect(v11).toEqual(['Login', 'Retrieve', 'Retrieve', 'Retrieve', 'Retrieve']);
		h.sandbox.reset();
	});

	/** Return All of every Contact as a schedule runs it: the ids in order, and the calls the sandbox saw. */
	const read = async (typeVersion = 1.2) => {
		h.sandbox.clearLog();
		const run = await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true, options: { maxParallel: 4 } }, [{}], {
			typeVersion,
		});
		const methods = h.sandbox.log.map((e) => e.method);
		return {
			ids: run
				.assertSuccess()
				.json()
				.map((r) => String(r.id)),
			methods,
		};
	};
	/** How many pages were answered before the (first) count: the 4 read one after another, and the 2 read with the count. */
	const pagesBeforeCount = (methods: string[]) =>
		methods.slice(0, methods.indexOf('service2.get_entries_count')).filter((m) => m === 'Retrieve').length;
	const pages = (methods: string[]) => methods.filter((m) => m === 'Retrieve').length;
	const atLeast3000 = () => {
		for (let i = ids(); i < 3000; i++) h.sandbox.insert('Contacts', { last_name: `Again ${i}` });
	};

	it('a schedule reading the same long listing again asks its total with its first pages; shrunk, it is read as 1.1 reads it next time', async () => {
		atLeast3000();
		const first = await read();
		expect(pagesBeforeCount(first.methods)).toBeGreaterThanOrEqual(4);
		const again = await read();
		expect(again.ids).toEqual(first.ids);
		expect(pagesBeforeCount(again.methods)).toBeLessThanOrEqual(2);
		// Every page once, the last one short ending the listing.
		expect(pages(again.methods)).toBe(Math.ceil((first.ids.length + 1) / 300));

		// The same listing, down to 500 records: every one of them, once; then it is short again.
		for (const id of first.ids.slice(500)) h.sandbox.remove('Contacts', id);
		const shrunk = await read();
		expect(shrunk.ids).toEqual(first.ids.slice(0, 500));
		const next = await read();
		expect(next.ids).toEqual(shrunk.ids);
		expect(next.methods).toEqual(['Retrieve', 'Retrieve']);
	});

	it.each([
		['service2 gone (HTTP 404)', () => h.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' })],
		['a count answered with an HTML page', () => h.sandbox.failNext(1, { type: 'html', status: 502 }, 'service2.get_entries_count')],
		['a count answered with an empty HTTP 500', () => h.sandbox.failNext(1, { type: 'empty', status: 500 }, 'service2.get_entries_count')],
	])(
		'a listing remembered long that meets %s: every record once, in order, no page read twice; not counted first next time',
		async (_name, doubt) => {
			atLeast3000();
			const first = await read();
			doubt();
			const again = await read();
			expect(again.ids).toEqual(first.ids);
			// The pages read with the failed count are kept: as one page after another, and no more.
			expect(pages(again.methods)).toBe(Math.ceil((first.ids.length + 1) / 300));
			h.sandbox.setProfile({ ...DEFAULT_PROFILE });
			const next = await read();
			expect(next.ids).toEqual(first.ids);
			expect(next.methods.slice(0, 4)).toEqual(['Retrieve', 'Retrieve', 'Retrieve', 'Retrieve']);
		},
	);

	it('version 1.1 reads the same long listing again one page after another: no count, every record once', async () => {
		atLeast3000();
		const first = await read(1.1);
		const again = await read(1.1);
		expect(again.ids).toEqual(first.ids);
		expect(again.methods).not.toContain('service2.get_entries_count');
		expect(pages(again.methods)).toBe(Math.ceil((first.ids.length + 1) / 300));
	});

	it('under a cap of 20: still every record once', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, pageCap: 20 });
		const all = (await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true, options: { maxParallel: 4 } }))
			.assertSuccess()
			.json();
		expect(all).toHaveLength(ids());
		expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
	});

	it('a version 1.1 node keeps reading one page after another', async () => {
		h.sandbox.clearLog();
		(await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true }, [{}], { typeVersion: 1.1 })).assertSuccess();
		expect(calls('service2.get_entries_count')).toBe(0);
	});

	it.each([
		['HTTP 500 with an empty body', { type: 'empty', status: 500 }],
		['an HTML page', { type: 'html', status: 502 }],
		['a JSON error', { type: 'status', status: 200, body: { name: 'Invalid data sent', number: 1001, description: 'x' } }],
	] as const)('a count that fails once (%s): Return All still returns every record (1.2)', async (_name, fault) => {
		for (let i = ids(); i < 2000; i++) h.sandbox.insert('Contacts', { last_name: `Fault ${i}` });
		h.sandbox.failNext(1, fault, 'service2.get_entries_count');
		const all = (await h.runNode({ resource: 'Contacts', operation: 'getAll', returnAll: true })).assertSuccess().json();
		expect(all).toHaveLength(ids());
		expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
	});
});

describe('SuiteCRM 7 on PHP 8: custom fields in leads_cstm, an unparenthesised deleted clause, an opaque failure page', () => {
	const code = 'demo_national_code_c';
	const MATCHING = 2500;
	beforeAll(() => {
		h.sandbox.reset({ seed: false });
		for (let i = 0; i < MATCHING; i++) h.sandbox.insert('Leads', { last_name: `Cstm ${i}`, [code]: 'P8', status: i % 3 ? 'New' : 'Dead' });
		for (let i = 0; i < 200; i++) h.sandbox.insert('Leads', { last_name: `Other ${i}`, [code]: 'X', status: 'Recycled' });
		// Deleted rows stay in the table (deleted = 1), matching every filter below.
		for (let i = 0; i < 50; i++) h.sandbox.insert('Leads', { last_name: `Gone ${i}`, [code]: 'P8', status: 'Dead', deleted: '1' });
	});
	afterAll(() => h.sandbox.reset());
	beforeEach(() => h.sandbox.setProfile({ ...DEFAULT_PROFILE, ...SUITECRM7_PHP8 }));

	const byCode = { filters: { conditions: [{ field: code, operator: 'equals', value: 'P8' }] } };

	it.each([1.2, 1.1])('Return All filtered on a custom field (version %s): every matching record, once', async (typeVersion) => {
		h.sandbox.clearLog();
		const run = await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, ...byCode }, [{}], { typeVersion });
		const ids = run
			.assertSuccess()
			.json()
			.map((r) => String(r.id));
		expect(ids).toHaveLength(MATCHING);
		expect(new Set(ids).size).toBe(MATCHING);
		// Any service2 count was made after v5 taught the column layout: none failed.
		const counts = h.sandbox.log.filter((e) => e.method === 'service2.get_entries_count');
		expect(counts.filter((e) => e.status !== 200)).toEqual([]);
		// Version 1.2 counts once 4 pages were read (the listing is long): 1.1 never does.
		expect(counts.length > 0).toBe(typeVersion === 1.2);
	});

	const shapes: Array<[string, Record<string, unknown>]> = [
		['a Query with OR', { options: { query: "leads.status = 'Dead' OR leads.status = 'Recycled'" } }],
		['a Query with OR on a custom field', { options: { query: `leads_cstm.${code} = 'P8' OR leads.status = 'Recycled'` } }],
		[
			'filters combined with OR',
			{
				combineFilters: 'OR',
				filters: {
					conditions: [
						{ field: 'status', operator: 'equals', value: 'Dead' },
						{ field: 'status', operator: 'equals', value: 'Recycled' },
					],
				},
			},
		],
		['one custom-field filter', byCode],
		['a filter and a Query with OR', { ...byCode, options: { query: "leads.status = 'Dead' OR leads.status = 'Recycled'" } }],
		['no filter', {}],
	];

	it.each(shapes)('Count with %s agrees with Get Many (deleted records not counted)', async (_name, shape) => {
		const listed = (await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, ...shape })).assertSuccess().json();
		const counted = (await h.runNode({ resource: 'Leads', operation: 'count', ...shape })).assertSuccess().json();
		expect(counted).toEqual([{ module: 'Leads', count: listed.length }]);
	});
});
