/**
 * 15. A refusal is not an expiry: the user's role may not use Leads (HTTP 403, code 40, "You do
 * not have access.", the sandbox's refusedModule profile), and 100 items ask for it at Max
 * Parallel Requests 4 with Continue On Fail. One login, one renewal that is refused again, and
 * every other item fails at once: a real server counts sessions (code 60) and locks users out (1009).
 */
import type { INodeParameters } from 'n8n-workflow';

import { rows, withBenchHarness, type BenchHarness, type Scenario } from './lib';

const NAME = '15. Refused module';
const ITEMS = 100;

/** One call per item (Get Many, Limit 1): no shared lookup, no metadata, where refusals used to cost a login each. */
const getOneLead: INodeParameters = { resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1, options: { maxParallel: 4 } };
const logins = async (h: BenchHarness) => (await h.sandbox.calls('Login')) + (await h.sandbox.calls('service2.login'));

export const refusedItemsScenario: Scenario = {
	id: 'refused-items',
	title: NAME,
	async run() {
		const r = rows(NAME);
		for (const version of [1.2, 1.1]) {
			await withBenchHarness(
				async (h) => {
					await h.sandbox.clearLog();
					const result = await h.runNode(
						getOneLead,
						Array.from({ length: ITEMS }, (_, i) => ({ i })),
						{ continueOnFail: true, typeVersion: version },
					);
					const errors = result.itemErrors().length;
					const count = await logins(h);
					r.check(`${ITEMS} refused items (version ${version}): logins`, count, '≤ 2', count <= 2);
					r.check(`${ITEMS} refused items (version ${version}): error items`, errors, `= ${ITEMS}`, errors === ITEMS);
					r.info(`${ITEMS} refused items (version ${version}): API calls (incl. logins)`, await h.sandbox.calls());
				},
				{ sandbox: { profile: { refusedModule: 'Leads' } } },
			);
		}
		return r.list;
	},
};
