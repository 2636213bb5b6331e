/**
 * 5. Field metadata: GetModuleFields at most once per module per execution, however
 * many items need it.
 */
import type { IConnections } from 'n8n-workflow';

import type { WorkflowNode } from '../test/harness';
import { withBenchHarness, rows, warmUp, type BenchHarness, type Scenario } from './lib';

const NAME = '5. Field metadata';
const ITEMS = 500;

const autoMap = { fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null } };

/** Start → nodes[0] → nodes[1] → … */
function chain(h: BenchHarness, items: object[], nodes: WorkflowNode[]) {
	const all = [h.startNode(items as never), ...nodes];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { nodes: all, connections };
}

async function fieldLoadsByModule(h: BenchHarness): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const entry of await h.sandbox.log())
		if (entry.method === 'GetModuleFields') counts[entry.module ?? '?'] = (counts[entry.module ?? '?'] ?? 0) + 1;
	return counts;
}

const show = (counts: Record<string, number>) =>
	Object.entries(counts)
		.map(([module, n]) => `${module} ${n}`)
		.join(', ') || 'none';

export const fieldMetadataScenario: Scenario = {
	id: 'field-metadata',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(async (h) => {
			await warmUp(h);
			const leads = Array.from({ length: ITEMS }, (_, i) => ({ last_name: `Meta ${i}`, status: 'New' }));

			// One node run, 500 items.
			const single = await h.run(
				chain(h, leads, [
					h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap, options: { maxParallel: 10 } }, { name: 'Create' }),
				]),
			);
			let counts = await fieldLoadsByModule(h);
			const created = single.error ? 0 : single.json('Create').length;
			r.check(
				`${ITEMS} creates in one node: GetModuleFields`,
				`${show(counts)} (${created} created)`,
				'= 1',
				(counts.Leads ?? 0) === 1 && created === ITEMS,
			);

			// One execution: 500 creates, then an update of the first one, same module.
			await h.sandbox.clearLog();
			const withUpdate = await h.run(
				chain(h, leads, [
					h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap, options: { maxParallel: 10 } }, { name: 'Create' }),
					h.sarvNode(
						{
							resource: 'Leads',
							operation: 'update',
							recordId: '={{ $json.id }}',
							fieldsInput: 'list',
							fields: { field: [{ name: 'status', value: 'Converted' }] },
						},
						{ name: 'Update', executeOnce: true },
					),
				]),
			);
			counts = await fieldLoadsByModule(h);
			const updated = withUpdate.error ? 0 : withUpdate.json('Update').length;
			r.check(
				`${ITEMS} creates + 1 update (2 nodes, 1 module), one execution: GetModuleFields`,
				`${show(counts)} (${updated} updated)`,
				'≤ 1 per module',
				Object.values(counts).every((n) => n <= 1) && updated === 1,
				'Field metadata is cached per workflow execution and credential (transport/client.ts `FIELD_CACHE`, keyed by ' +
					'execution id, credential and module): a second load in one execution means the two nodes did not share that key.',
			);

			// One execution, two SarvCRM nodes on two modules.
			await h.sandbox.clearLog();
			const twoModules = await h.run(
				chain(h, leads.slice(0, 50), [
					h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap }, { name: 'Create Lead' }),
					h.sarvNode(
						{
							resource: 'Accounts',
							operation: 'create',
							fieldsInput: 'list',
							fields: { field: [{ name: 'name', value: '={{ $json.last_name }} Ltd' }] },
						},
						{ name: 'Create Account' },
					),
				]),
			);
			counts = await fieldLoadsByModule(h);
			const accounts = twoModules.error ? 0 : twoModules.json('Create Account').length;
			const total = Object.values(counts).reduce((a, b) => a + b, 0);
			r.check(
				`2 nodes on 2 modules (50 items each): GetModuleFields`,
				`${total}: ${show(counts)} (${accounts} accounts)`,
				'= 2',
				total === 2 && accounts === 50,
			);
		});
		return r.list;
	},
};
