/** Create or Update: one match updates, none creates, several fail unless told otherwise. */
import type { INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { listFields } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

const upsert = (email: string, lastName: string, options: INodeParameters = {}) =>
	h.runNode({
		resource: 'Contacts',
		operation: 'upsert',
		fieldsInput: 'list',
		matchFields: ['email1'],
		fields: listFields([
			{ name: 'email1', value: email },
			{ name: 'last_name', value: lastName },
		]),
		options,
	});

it('creates when nothing matches, then updates the single match', async () => {
	const created = (await upsert('new.person@example.com', 'First')).assertSuccess().json();
	expect(created).toEqual([expect.objectContaining({ upsertResult: 'created', last_name: 'First' })]);
	const updated = (await upsert('new.person@example.com', 'Second')).assertSuccess().json();
	expect(updated).toEqual([expect.objectContaining({ upsertResult: 'updated', id: created[0].id, last_name: 'Second' })]);
	expect(h.sandbox.records('Contacts').filter((c) => c.email1 === 'new.person@example.com')).toHaveLength(1);
});

it('fails with Duplicate Records (code 50) when several match, and updates all when asked', async () => {
	h.sandbox.insert('Contacts', { last_name: 'Twin A', email1: 'twins@example.com' });
	h.sandbox.insert('Contacts', { last_name: 'Twin B', email1: 'twins@example.com' });
	const failed = await upsert('twins@example.com', 'Merged');
	expect(failed.error?.message).toMatch(/Duplicate Records: more than one Contacts record matches email1/);
	expect(failed.error?.description).toMatch(/SarvCRM error code 50/);
	expect(h.sandbox.records('Contacts').filter((c) => c.last_name === 'Merged')).toHaveLength(0);

	const all = (await upsert('twins@example.com', 'Merged', { updateAllMatches: true })).assertSuccess().json();
	expect(all.map((r) => r.upsertResult)).toEqual(['updated', 'updated']);
	expect(h.sandbox.records('Contacts').filter((c) => c.last_name === 'Merged')).toHaveLength(2);
});

it.each(["o'hara@example.com", "x' OR '1'='1", 'under_score%@example.com'])(
	'a hostile match value %j matches only itself',
	async (email) => {
		h.sandbox.insert('Contacts', { last_name: 'Decoy', email1: 'ohara@example.com' });
		const first = (await upsert(email, 'Hostile')).assertSuccess().json();
		expect(first[0].upsertResult).toBe('created');
		const second = (await upsert(email, 'Hostile 2')).assertSuccess().json();
		expect(second[0]).toMatchObject({ upsertResult: 'updated', id: first[0].id });
		expect(h.sandbox.records('Contacts').find((c) => c.email1 === 'ohara@example.com')?.last_name).toBe('Decoy');
	},
);

it('the resource mapper\'s "columns to match on" drive the match', async () => {
	const run = (lastName: string) =>
		h.runNode({
			resource: 'Accounts',
			operation: 'upsert',
			fieldsInput: 'mapper',
			columns: { mappingMode: 'defineBelow', value: { name: 'Mapper Match Ltd', website: lastName }, matchingColumns: ['name'] },
		});
	expect((await run('https://a.example')).assertSuccess().json()[0].upsertResult).toBe('created');
	expect((await run('https://b.example')).assertSuccess().json()[0].upsertResult).toBe('updated');
	expect(h.sandbox.records('Accounts').filter((a) => a.name === 'Mapper Match Ltd')).toEqual([
		expect.objectContaining({ website: 'https://b.example' }),
	]);
});

it('a match field without a value is refused before any request', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({
		resource: 'Contacts',
		operation: 'upsert',
		fieldsInput: 'list',
		matchFields: ['email1'],
		fields: listFields([{ name: 'last_name', value: 'X' }]),
	});
	expect(result.error?.message).toBe('Match field "email1" has no value');
	expect(h.sandbox.calls('Retrieve') + h.sandbox.calls('Save')).toBe(0);
});
