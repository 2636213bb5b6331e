/**
 * One table drives every module, so one table-driven test walks all 40 of them:
 * create (required fields from Get Fields), get, update, get many with a filter, delete.
 */
import { SARV_MODULES } from '../../../nodes/core/modules';
import { startHarness, type Harness } from '../../harness';
import { editableTextField, listFields, requiredFieldRows, type FieldItem } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

it('covers all 40 modules of the API doc', () => {
	expect(SARV_MODULES).toHaveLength(40);
	expect(new Set(SARV_MODULES.map((m) => m.key)).size).toBe(40);
});

describe.each(SARV_MODULES.map((m) => [m.key, m.table]))('%s', (moduleKey, table) => {
	it('round trip: create, get, update, get many with a filter, delete', async () => {
		const fields = (await h.runNode({ resource: moduleKey, operation: 'getFields' })).assertSuccess().json() as unknown as FieldItem[];
		const text = editableTextField(fields);
		const tag = `RT-${moduleKey}`;
		const rows = requiredFieldRows(fields, tag).filter((r) => r.name !== text.name);
		rows.push({ name: text.name, value: `${tag} O'Brien` });

		const [created] = (await h.runNode({ resource: moduleKey, operation: 'create', fieldsInput: 'list', fields: listFields(rows) }))
			.assertSuccess()
			.json();
		const id = String(created.id);
		expect(h.sandbox.getRecord(moduleKey, id)).toMatchObject({ [text.name]: `${tag} O'Brien` });

		const [got] = (await h.runNode({ resource: moduleKey, operation: 'get', recordId: id })).assertSuccess().json();
		expect(got).toMatchObject({ id, [text.name]: `${tag} O'Brien` });

		const newValue = `${tag} updated`;
		(
			await h.runNode({
				resource: moduleKey,
				operation: 'update',
				recordId: id,
				fieldsInput: 'list',
				fields: listFields([{ name: text.name, value: newValue }]),
			})
		).assertSuccess();

		const found = (
			await h.runNode({
				resource: moduleKey,
				operation: 'getAll',
				returnAll: true,
				filters: { conditions: [{ field: text.name, operator: 'equals', value: newValue }] },
			})
		)
			.assertSuccess()
			.json();
		expect(found.map((r) => r.id)).toEqual([id]);
		const body = h.sandbox.log
			.filter((e) => e.method === 'Retrieve' && (e.body as { order_by?: string } | undefined)?.order_by !== undefined)
			.at(-1)?.body as Record<string, unknown>;
		expect(body.query).toBe(`${table}.${text.name} = '${newValue}'`);

		expect((await h.runNode({ resource: moduleKey, operation: 'delete', recordId: id })).assertSuccess().json()).toEqual([
			{ id, deleted: true },
		]);
		const gone = await h.runNode({ resource: moduleKey, operation: 'get', recordId: id });
		expect(gone.error?.description).toMatch(/SarvCRM error code 22/);
	});
});
