/** The editor's dropdowns, loaded live from the instance's GetModuleFields. */
import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

const values = (options: Array<{ value: unknown }>) => options.map((o) => o.value);

it('writable fields: labels, types and required marks, custom fields included, read-only and links left out', async () => {
	const options = await h.loadOptions('getWritableFields', { resource: 'Leads', operation: 'create' });
	expect(options).toContainEqual(
		expect.objectContaining({ value: 'last_name', name: 'Last Name * (last_name)', description: expect.stringContaining('required') }),
	);
	expect(values(options)).toContain('demo_national_code_c');
	expect(values(options)).not.toContain('id');
	expect(values(options)).not.toContain('date_modified');
	const names = options.map((o) => String(o.name));
	expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
});

it('labels follow the credential language (fa_IR)', async () => {
	const persian = await h.loadOptions('getWritableFields', { resource: 'Leads' }, { language: 'fa_IR' });
	const lastName = persian.find((o) => o.value === 'last_name');
	expect(lastName?.name).toMatch(/[\u0600-\u06FF]/);
	const english = await h.loadOptions('getWritableFields', { resource: 'Leads' });
	expect(english.find((o) => o.value === 'last_name')?.name).not.toBe(lastName?.name);
});

it('relationship fields list only link/relate fields of the chosen module', async () => {
	const options = await h.loadOptions('getRelationshipFields', { resource: 'Accounts', operation: 'getRelated' });
	expect(values(options)).toEqual(expect.arrayContaining(['contacts', 'opportunities']));
	expect(values(options)).not.toContain('name');
});

it('sort and filter fields leave out link fields', async () => {
	const sort = await h.loadOptions('getSortFields', { resource: 'Accounts', operation: 'getAll' });
	const filter = await h.loadOptions('getFilterFields', { resource: 'Accounts', operation: 'getAll' });
	expect(values(sort)).toContain('name');
	expect(values(filter)).toContain('date_modified');
	expect(values(sort)).not.toContain('contacts');
	expect(values(filter)).not.toContain('contacts');
});

it('resource mapper columns are typed from the field types, with enum options', async () => {
	const { fields } = await h.resourceMapping('getMappingColumns', { resource: 'Leads', operation: 'create' });
	const byId = new Map(fields.map((f) => [f.id, f]));
	expect(byId.get('last_name')).toMatchObject({ type: 'string', required: true });
	expect(byId.get('status')).toMatchObject({
		type: 'options',
		required: true,
		options: expect.arrayContaining([{ name: 'New', value: 'New' }]),
	});
	expect(byId.get('birthdate')).toMatchObject({ type: 'dateTime' });
	expect(byId.get('converted')).toMatchObject({ type: 'boolean' });
	expect(byId.has('id')).toBe(false);
	expect(byId.has('demo_national_code_c')).toBe(true);
});

it('a dropdown load costs one GetModuleFields call', async () => {
	h.sandbox.clearLog();
	await h.loadOptions('getReadableFields', { resource: 'Contacts' });
	expect(h.sandbox.calls('GetModuleFields')).toBe(1);
});

describe('the Record picker (resource locator)', () => {
	it('lists the newest records with links, filtered by name as the user types', async () => {
		const lead = h.sandbox.insert('Leads', { last_name: "Zand O'Hara", status: 'New' });
		const { results } = await h.listSearch('searchRecords', { resource: 'Leads', operation: 'get' }, "O'Hara");
		expect(results).toEqual([expect.objectContaining({ value: lead.id, url: expect.stringContaining(`record=${String(lead.id)}`) })]);
		expect(String(results[0].name)).toContain("O'Hara");
		const all = await h.listSearch('searchRecords', { resource: 'Leads', operation: 'get' });
		expect(all.results[0].value).toBe(lead.id);
	});

	it('pages with a token when there are more than 50', async () => {
		for (let i = 0; i < 60; i++) h.sandbox.insert('sc_competitor', { name: `Rival ${i}` });
		const first = await h.listSearch('searchRecords', { resource: 'sc_competitor' }, 'Rival');
		expect(first.results).toHaveLength(50);
		const second = await h.listSearch('searchRecords', { resource: 'sc_competitor' }, 'Rival', first.paginationToken);
		expect(second.results.length).toBeGreaterThanOrEqual(10);
		expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(first.results.length + second.results.length);
	});

	it('Get accepts the record picked from the list, its ID, or its web-app link', async () => {
		const lead = h.sandbox.insert('Leads', { last_name: 'Locator', status: 'New' });
		const id = String(lead.id);
		const link = `${new URL(h.url).origin}/index.php?utype=demo&module=Leads&action=DetailView&record=${id}`;
		for (const recordId of [
			{ __rl: true, mode: 'list', value: id },
			{ __rl: true, mode: 'id', value: id },
			{ __rl: true, mode: 'url', value: link },
			id,
		]) {
			const [got] = (await h.runNode({ resource: 'Leads', operation: 'get', recordId })).assertSuccess().json();
			expect(got.id).toBe(id);
		}
	});
});
