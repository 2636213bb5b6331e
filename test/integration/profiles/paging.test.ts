/**
 * Return All and Limit under every page cap (1 and SuiteCRM's 20 among them), a server that
 * ignores `limit` and one without a stable order: every record exactly once, Limit exact and
 * in the stable order, and at most one call more than the fewest possible.
 */
import type { IDataObject } from 'n8n-workflow';

import { SUITECRM7_PHP8, type SandboxProfile } from '../../sandbox';
import { label, profileHarness, underProfile, eachVersion } from './helpers';

/**
 * One row per server: its profile, the module Get Many reads and how many records it holds,
 * and the module the trigger polls (one per row, so no row's leftovers reach another's poll)
 * with how many records are created between two polls. A cap of 1 costs a call per record:
 * its row reads a few dozen records, so the suite stays fast.
 */
interface Row {
	changes: Partial<SandboxProfile>;
	module: string;
	total: number;
	triggerModule: string;
	created: number;
}
const big = (changes: Partial<SandboxProfile>, triggerModule: string): Row => ({
	changes,
	module: 'Contacts',
	// 5 pages of 300: long enough that version 1.2 counts and reads the rest in parallel.
	total: 1350,
	triggerModule,
	created: 350,
});
const ROWS: Row[] = [
	big({ pageCap: 300 }, 'Leads'),
	big({ pageCap: 100 }, 'Accounts'),
	big({ pageCap: 1000 }, 'Opportunities'),
	big({ honoursLimit: false }, 'Cases'),
	big({ pageCap: 100, honoursLimit: false }, 'Calls'),
	big({ unorderedWithoutOrderBy: true }, 'Tasks'),
	// SuiteCRM's default page of 20, honoured or answered whatever `limit` asks.
	big({ pageCap: 20 }, 'Meetings'),
	big({ pageCap: 20, honoursLimit: false }, 'Bugs'),
	// SuiteCRM 7's service2 on PHP 8: version 1.2 counts there once 4 full pages were read.
	big({ ...SUITECRM7_PHP8 }, 'Campaigns'),
	{ changes: { pageCap: 1 }, module: 'Notes', total: 60, triggerModule: 'Documents', created: 30 },
];

const harness = profileHarness();
/** Ids per module in creation order; a second apart, so this is the node's stable order (date_entered, then id). */
const created = new Map<string, string[]>();
beforeAll(() => {
	const h = harness();
	h.sandbox.reset({ seed: false });
	for (const [module, total] of new Map(ROWS.map((r) => [r.module, r.total]))) {
		const name = module === 'Contacts' ? 'last_name' : 'name';
		const ids = Array.from({ length: total }, (_, i) => {
			h.sandbox.advanceClock(1000);
			return String(h.sandbox.insert(module, { [name]: `Paged ${String(i).padStart(4, '0')}` }).id);
		});
		created.set(module, ids);
	}
});
const stableIds = (module: string) => created.get(module)!;

eachVersion(() => {
	describe.each(ROWS.map((r) => [label(r.changes), r] as const))('%s', (profile, row) => {
		const { changes, module, total, triggerModule } = row;
		underProfile(harness, changes);
		const returnAll = { resource: module, operation: 'getAll', returnAll: true };

		it('Return All reads every record exactly once', async () => {
			const ids = (await harness().runNode(returnAll))
				.assertSuccess()
				.json()
				.map((r) => String(r.id));
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids).toHaveLength(total);
			expect([...ids].sort()).toEqual([...stableIds(module)].sort());
		});

		it('Return All makes at most one call more than full pages of the cap need', async () => {
			const h = harness();
			h.sandbox.clearLog();
			(await h.runNode(returnAll)).assertSuccess();
			// 300 is the node's default page size; a smaller cap makes pages smaller.
			const fewest = Math.ceil(total / Math.min(h.sandbox.profile.pageCap, 300));
			expect(h.sandbox.calls('Retrieve')).toBeLessThanOrEqual(fewest + 1);
		});

		it('the trigger delivers every record created between two polls, once, in one poll', async () => {
			const h = harness();
			const params = { resource: triggerModule, event: 'created' };
			const first = await h.poll('sarvCrmTrigger', params);
			h.sandbox.advanceClock(60_000);
			const made = Array.from({ length: row.created }, (_, i) => String(h.sandbox.insert(triggerModule, { name: `Polled ${i}` }).id));
			const second = await h.poll('sarvCrmTrigger', params, first.staticData);
			const ids = (second.items?.[0] ?? []).map((i: { json: IDataObject }) => String(i.json.id));
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.sort()).toEqual(made.sort());
		});

		it('Limit returns exactly that many records', async () => {
			const limit = Math.min(250, total - 1);
			const run = await harness().runNode({ resource: module, operation: 'getAll', returnAll: false, limit });
			const ids = run
				.assertSuccess()
				.json()
				.map((r) => String(r.id));
			expect(ids).toHaveLength(limit);
			expect(new Set(ids).size).toBe(limit);
		});

		it('Limit 50 returns exactly the first 50 records of the stable order', async () => {
			const run = await harness().runNode({ resource: module, operation: 'getAll', returnAll: false, limit: 50 });
			const ids = run
				.assertSuccess()
				.json()
				.map((r) => String(r.id));
			expect(ids).toEqual(stableIds(module).slice(0, 50));
		});
	});
});
