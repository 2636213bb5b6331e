/**
 * 5. Field metadata: GetModuleFields at most once per module per execution, however
 * many items need it.
 */
import type { IConnections } from 'n8n-workflow';

import type { Harness, WorkflowNode } from '../test/harness';
import { benchHarness, rows, warmUp, type Scenario } from './lib';

const NAME = '5. Field metadata';
const ITEMS = 500;

const autoMap = { fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null } };

/** Start → nodes[0] → nodes[1] → … */
function chain(h: Harness, items: object[], nodes: WorkflowNode[]) {
	const all = [h.startNode(items as never), ...nodes];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { nodes: all, connections };
}

function fieldLoadsByModule(h: Harness): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of h.sandbox.log) if (entry.method === 'GetModuleFields') counts[entry.module ?? '?'] = (counts[entry.module ?? '?'] ?? 0) + 1;
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
		const h = await benchHarness();
		try {
			await warmUp(h);
			const leads = Array.from({ length: ITEMS }, (_, i) => ({ last_name: `Meta ${i}`, status: 'New' }));

			// One node run, 500 items.
			const single = await h.run(chain(h, leads, [h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap, options: { maxParallel: 10 } }, { name: 'Create' })]));
			let counts = fieldLoadsByModule(h);
			const created = single.error ? 0 : single.json('Create').length;
			r.check(`${ITEMS} creates in one node: GetModuleFields`, `${show(counts)} (${created} created)`, '= 1', (counts.Leads ?? 0) === 1 && created === ITEMS);

			// One execution: 500 creates, then an update of the first one, same module.
			h.sandbox.clearLog();
			const withUpdate = await h.run(
				chain(h, leads, [
					h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap, options: { maxParallel: 10 } }, { name: 'Create' }),
					h.sarvNode(
						{ resource: 'Leads', operation: 'update', recordId: '={{ $json.id }}', fieldsInput: 'list', fields: { field: [{ name: 'status', value: 'Converted' }] } },
						{ name: 'Update', executeOnce: true },
					),
				]),
			);
			counts = fieldLoadsByModule(h);
			const updated = withUpdate.error ? 0 : withUpdate.json('Update').length;
			r.check(
				`${ITEMS} creates + 1 update (2 nodes, 1 module), one execution: GetModuleFields`,
				`${show(counts)} (${updated} updated)`,
				'≤ 1 per module',
				Object.values(counts).every((n) => n <= 1) && updated === 1,
				'The field cache lives in SarvClient (transport/client.ts `fieldCache`), and runOperation creates one client per node run ' +
					'(operations/runner.ts `SarvClient.create(this)`): a second SarvCRM node on the same module in the same execution loads the ' +
					'fields again. Items and dropdown values of one node share the load; nodes do not. A cache keyed by execution id + credential + ' +
					'module (e.g. a process-wide map with a short TTL, or shared per `this.getExecutionId()`) would make it one per execution.',
			);

			// One execution, two SarvCRM nodes on two modules.
			h.sandbox.clearLog();
			const twoModules = await h.run(
				chain(h, leads.slice(0, 50), [
					h.sarvNode({ resource: 'Leads', operation: 'create', ...autoMap }, { name: 'Create Lead' }),
					h.sarvNode(
						{ resource: 'Accounts', operation: 'create', fieldsInput: 'list', fields: { field: [{ name: 'name', value: '={{ $json.last_name }} Ltd' }] } },
						{ name: 'Create Account' },
					),
				]),
			);
			counts = fieldLoadsByModule(h);
			const accounts = twoModules.error ? 0 : twoModules.json('Create Account').length;
			const total = Object.values(counts).reduce((a, b) => a + b, 0);
			r.check(`2 nodes on 2 modules (50 items each): GetModuleFields`, `${total}: ${show(counts)} (${accounts} accounts)`, '= 2', total === 2 && accounts === 50);
		} finally {
			await h.close();
		}
		return r.list;
	},
};
