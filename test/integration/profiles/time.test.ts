/**
 * The trigger under both time storages: each created or updated record is emitted exactly
 * once, however far apart the polls and whatever zone WHERE literals are read in.
 */
import type { IDataObject } from 'n8n-workflow';

import { PROFILE_VALUES } from '../../sandbox';
import { forgetSession, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const ids = (items: Array<Array<{ json: IDataObject }>> | null) => (items?.[0] ?? []).map((i) => String(i.json.id));
const TEN_MINUTES = 10 * 60_000;

/** A module of its own per case: no case's records fall into another's overlap window. */
const MODULES: Record<string, [string, string, string]> = {
	utc: ['Leads', 'Contacts', 'Accounts'],
	tehran: ['Opportunities', 'Cases', 'Calls'],
};
const record = (name: string) => ({ name, last_name: name, status: 'New' });

eachVersion(() => {
	describe.each(PROFILE_VALUES.timeStorage.map((t) => [`timeStorage=${t}`, t] as const))('%s', (profile, timeStorage) => {
		const [preModule, ...eventModules] = MODULES[timeStorage];
		underProfile(harness, { timeStorage });

		it('records written before the first activation are never emitted', async () => {
			const h = harness();
			const params = { resource: preModule, event: 'created' };
			h.sandbox.advanceClock(TEN_MINUTES);
			for (const name of ['Old A', 'Old B', 'Old C']) {
				h.sandbox.insert(preModule, record(name));
				h.sandbox.advanceClock(30_000);
			}
			const first = await h.poll('sarvCrmTrigger', params);
			h.sandbox.advanceClock(1000);
			const fresh = String(h.sandbox.insert(preModule, record('Fresh')).id);
			expect(ids((await h.poll('sarvCrmTrigger', params, first.staticData)).items)).toEqual([fresh]);
		});

		for (const [index, event] of (['created', 'createdOrUpdated'] as const).entries()) {
			it(`"${event}": records written ten minutes apart are each emitted once`, async () => {
				const h = harness();
				forgetSession(h);
				const module = eventModules[index];
				const params = { resource: module, event };
				let state = (await h.poll('sarvCrmTrigger', params)).staticData;
				const emitted: string[] = [];
				const written: string[] = [];
				for (const name of ['A', 'B', 'C', 'D']) {
					h.sandbox.advanceClock(TEN_MINUTES);
					written.push(String(h.sandbox.insert(module, record(`${event} ${name}`)).id));
					const polled = await h.poll('sarvCrmTrigger', params, state);
					emitted.push(...ids(polled.items));
					state = polled.staticData;
				}
				expect(emitted).toEqual(written);
			});
		}
	});
});
