/** GetModuleFields at most once per module per workflow execution, however many items or nodes. */
import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

const create = (name: string) =>
	h.sarvNode(
		{
			resource: 'Leads',
			operation: 'create',
			fieldsInput: 'list',
			fields: {
				field: [
					{ name: 'last_name', value: '={{ $json.n }}' },
					{ name: 'status', value: 'New' },
				],
			},
		},
		{ name, typeVersion: 1.1 },
	);

it('three SarvCRM nodes on Leads and one on Accounts, 20 items: one GetModuleFields per module', async () => {
	const get = h.sarvNode(
		{
			resource: 'Leads',
			operation: 'update',
			recordId: '={{ $json.id }}',
			fieldsInput: 'list',
			fields: { field: [{ name: 'status', value: 'Assigned' }] },
		},
		{ name: 'Update', typeVersion: 1.1 },
	);
	const accounts = h.sarvNode(
		{
			resource: 'Accounts',
			operation: 'create',
			fieldsInput: 'list',
			fields: { field: [{ name: 'name', value: '={{ "Acme " + $json.last_name }}' }] },
		},
		{ name: 'Accounts', typeVersion: 1.1 },
	);
	const items = Array.from({ length: 20 }, (_, i) => ({ n: `Once ${i}` }));
	h.sandbox.clearLog();
	const result = await h.run({
		nodes: [h.startNode(items), create('Create'), get, accounts],
		connections: {
			Start: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
			Create: { main: [[{ node: 'Update', type: 'main', index: 0 }]] },
			Update: { main: [[{ node: 'Accounts', type: 'main', index: 0 }]] },
		},
	});
	expect(result.assertSuccess().json('Accounts')).toHaveLength(20);
	const modules = h.sandbox.log.filter((e) => e.method === 'GetModuleFields').map((e) => e.module);
	expect(modules.sort()).toEqual(['Accounts', 'Leads']);
	expect(h.sandbox.calls('Save')).toBe(60);
});

it('a new execution loads the fields again (a custom field added meanwhile shows up)', async () => {
	h.sandbox.clearLog();
	(await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess();
	(await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess();
	expect(h.sandbox.calls('GetModuleFields')).toBe(2);
});
