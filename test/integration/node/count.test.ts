/**
 * Count (service2's get_entries_count, one call) and Return All in parallel where the total is
 * known: a report workflow that counts open leads, then exports every contact.
 */
import { startHarness, type Harness } from '../../harness';
import { asAnotherServer } from '../../harness/servers';
import { DEFAULT_PROFILE } from '../../sandbox';

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

	it('the total known, pages at Max Parallel Requests: every record once, in the order read one page after another', async () => {
		for (let i = ids(); i < 1000; i++) h.sandbox.insert('Contacts', { last_name: `Par ${i}` });
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
		expect(calls('Retrieve')).toBe(Math.ceil(parallel.length / 300));
		expect(h.sandbox.maxInFlight).toBeGreaterThan(1);
	});

	it('under a cap of 20 the first page shows it: still every record once', async () => {
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
});
