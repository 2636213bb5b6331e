/**
 * 1b. Return All under page caps of 100, 300 and 1000 (sandbox profile `pageCap`): every
 * record, and at most one call more than full pages of min(cap, 300) need, the one call
 * that may confirm a short page when the server's cap is not known yet.
 */
import { rows, seedLeads, withBenchHarness, type Scenario } from './lib';

const NAME = '1b. Return All by page cap';
/** Not a multiple of 100 or 300: no empty closing page blurs the count. */
const N = 2950;
const NODE_PAGE = 300;

export const returnAllCapsScenario: Scenario = {
	id: 'return-all-caps',
	title: NAME,
	async run() {
		const r = rows(NAME);
		for (const cap of [100, 300, 1000]) {
			await withBenchHarness(
				async (h) => {
					await seedLeads(h, N);
					const result = (await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true })).assertSuccess();
					const counts = await h.sandbox.counts();
					const calls = counts.byMethod.Retrieve ?? 0;
					const fewest = Math.ceil(N / Math.min(cap, NODE_PAGE));
					r.check(
						`cap ${cap}: records returned`,
						result.items().length,
						`${N}`,
						result.items().length === N,
						'A page shorter than asked ends Return All: the node stops where the server capped the page.',
					);
					r.check(`cap ${cap}: Retrieve calls`, calls, `≤ ${fewest + 1} (ceil(N/${Math.min(cap, NODE_PAGE)}) + 1)`, calls <= fewest + 1);
				},
				{ sandbox: { profile: { pageCap: cap } } },
			);
		}
		return r.list;
	},
};
