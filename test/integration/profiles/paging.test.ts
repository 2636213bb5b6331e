/**
 * Return All under every page cap, a server that ignores `limit` and one without a stable
 * order: every record exactly once, and at most one call more than the fewest possible.
 */
import type { IDataObject } from 'n8n-workflow';

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

/** One module per profile for the trigger case, so no profile's leftovers reach another's poll. */
const TRIGGER_MODULES = ['Leads', 'Accounts', 'Opportunities', 'Cases', 'Calls', 'Tasks'];

describe.each(PROFILES.map((p, i) => [label(p), p, TRIGGER_MODULES[i]] as const))('%s', (profile, changes, triggerModule) => {
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

	matrixIt(profile, 'the trigger delivers every record created between two polls, once, in one poll', async () => {
		const h = harness();
		const params = { resource: triggerModule, event: 'created' };
		const first = await h.poll('sarvCrmTrigger', params);
		h.sandbox.advanceClock(60_000);
		const created = Array.from({ length: 350 }, (_, i) => String(h.sandbox.insert(triggerModule, { name: `Polled ${i}` }).id));
		const second = await h.poll('sarvCrmTrigger', params, first.staticData);
		const ids = (second.items?.[0] ?? []).map((i: { json: IDataObject }) => String(i.json.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(created.sort());
	});

	matrixIt(profile, 'Limit returns exactly that many records', async () => {
		const ids = (await harness().runNode({ resource: 'Contacts', operation: 'getAll', returnAll: false, limit: 250 })).assertSuccess().json().map((r) => String(r.id));
		expect(new Set(ids).size).toBe(250);
	});
});
