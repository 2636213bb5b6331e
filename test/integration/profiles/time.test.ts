/**
 * The trigger under both time storages: each created or updated record is emitted exactly
 * once, however far apart the polls and whatever zone WHERE literals are read in.
 */
import type { IDataObject } from 'n8n-workflow';

import { PROFILE_VALUES } from '../../sandbox';
import { matrixIt } from './gaps';
import { forgetSession, profileHarness, underProfile } from './helpers';

const harness = profileHarness();
const ids = (items: Array<Array<{ json: IDataObject }>> | null) => (items?.[0] ?? []).map((i) => String(i.json.id));
const TEN_MINUTES = 10 * 60_000;

describe.each(PROFILE_VALUES.timeStorage.map((t) => [`timeStorage=${t}`, t] as const))('%s', (profile, timeStorage) => {
	underProfile(harness, { timeStorage });

	for (const event of ['created', 'createdOrUpdated'] as const) {
		matrixIt(profile, `"${event}": records written ten minutes apart are each emitted once`, async () => {
			const h = harness();
			forgetSession(h);
			const params = { resource: 'Leads', event };
			let state = (await h.poll('sarvCrmTrigger', params)).staticData;
			const emitted: string[] = [];
			const written: string[] = [];
			for (const name of ['A', 'B', 'C', 'D']) {
				h.sandbox.advanceClock(TEN_MINUTES);
				written.push(String(h.sandbox.insert('Leads', { last_name: `${event} ${name}`, status: 'New' }).id));
				const polled = await h.poll('sarvCrmTrigger', params, state);
				emitted.push(...ids(polled.items));
				state = polled.staticData;
			}
			expect(emitted).toEqual(written);
		});
	}
});
