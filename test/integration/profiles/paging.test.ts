/**
 * Return All under every page cap, a server that ignores `limit` and one without a stable
 * order: every record exactly once, and at most one call more than the fewest possible.
 */
import type { SandboxProfile } from '../../sandbox';
import { matrixIt } from './gaps';
import { label, profileHarness, underProfile } from './helpers';

const TOTAL = 1050;
const harness = profileHarness();
beforeAll(() => {
	const h = harness();
	h.sandbox.reset({ seed: false });
	for (let i = 0; i < TOTAL; i++) h.sandbox.insert('Contacts', { last_name: `Paged ${String(i).padStart(4, '0')}` });
});

const returnAll = { resource: 'Contacts', operation: 'getAll', returnAll: true };

const PROFILES: Array<Partial<SandboxProfile>> = [{ pageCap: 300 }, { pageCap: 100 }, { pageCap: 1000 }, { honoursLimit: false }, { pageCap: 100, honoursLimit: false }, { unorderedWithoutOrderBy: true }];

describe.each(PROFILES.map((p) => [label(p), p] as const))('%s', (profile, changes) => {
	underProfile(harness, changes);

	matrixIt(profile, 'Return All reads every record exactly once', async () => {
		const ids = (await harness().runNode(returnAll)).assertSuccess().json().map((r) => String(r.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(TOTAL);
	});

	matrixIt(profile, 'Return All makes at most one call more than full pages of the cap need', async () => {
		const h = harness();
		h.sandbox.clearLog();
		(await h.runNode(returnAll)).assertSuccess();
		// 300 is the node's default page size; a smaller cap makes pages smaller.
		const fewest = Math.ceil(TOTAL / Math.min(h.sandbox.profile.pageCap, 300));
		expect(h.sandbox.calls('Retrieve')).toBeLessThanOrEqual(fewest + 1);
	});

	matrixIt(profile, 'Limit returns exactly that many records', async () => {
		const ids = (await harness().runNode({ resource: 'Contacts', operation: 'getAll', returnAll: false, limit: 250 })).assertSuccess().json().map((r) => String(r.id));
		expect(new Set(ids).size).toBe(250);
	});
});
