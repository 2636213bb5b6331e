import type { SarvCrmSandbox } from '../../sandbox';
import { client, startSandbox, token } from './helpers';

describe('relationships and phone search', () => {
	let sb: SarvCrmSandbox;
	let call: ReturnType<typeof client>;
	beforeAll(async () => {
		sb = await startSandbox();
		call = client(sb, await token(sb));
	});
	afterAll(() => sb.stop());

	it('GetRelationship returns one-to-many records via the relate id', async () => {
		const contact = sb.records('Contacts').find((c) => c.account_id)!;
		const r = await call('GetRelationship', { module: 'Accounts', id: String(contact.account_id), related_field: 'contacts' });
		expect(r.status).toBe(200);
		expect(r.json.data.map((x: { id: string }) => x.id)).toContain(contact.id);
		for (const x of r.json.data) expect(x.account_id).toBe(contact.account_id);
	});

	it('SaveRelationships stores links with extra attributes, shown by GetRelationship', async () => {
		const invoice = sb.insert('AOS_Invoices', { name: 'INV' });
		const [p1, p2] = sb.records('AOS_Products');
		const save = await call(
			'SaveRelationships',
			{ module: 'AOS_Invoices', id: String(invoice.id) },
			{
				body: { field_name: 'products', related_records: [p1.id, { id: p2.id, qty: 180, unit_id: 'Branch', id_AS: 4 }] },
			},
		);
		expect(save.json).toEqual({ status: 200, message: 'Created Successfully' });
		const got = await call(
			'GetRelationship',
			{ module: 'AOS_Invoices', id: String(invoice.id), related_field: 'products' },
			{
				body: { selected_fields: ['name'], limit: 10 },
			},
		);
		expect(got.json.data).toHaveLength(2);
		const second = got.json.data.find((x: { id: string }) => x.id === p2.id);
		expect(second).toEqual({ id: p2.id, name: p2.name, qty: 180, unit_id: 'Branch', id_AS: 4 });
		const paged = await call(
			'GetRelationship',
			{ module: 'AOS_Invoices', id: String(invoice.id), related_field: 'products' },
			{ body: { limit: 1, offset: 1 } },
		);
		expect(paged.json.data).toHaveLength(1);
		const filtered = await call(
			'GetRelationship',
			{ module: 'AOS_Invoices', id: String(invoice.id), related_field: 'products' },
			{
				body: { query: `aos_products.id = '${p1.id}'` },
			},
		);
		expect(filtered.json.data.map((x: { id: string }) => x.id)).toEqual([p1.id]);
	});

	it('rejects unknown relationship fields (31) and missing records (22)', async () => {
		const acc = sb.records('Accounts')[0];
		for (const r of [
			await call('GetRelationship', { module: 'Accounts', id: String(acc.id), related_field: 'nope' }),
			await call('GetRelationship', { module: 'Accounts', id: String(acc.id), related_field: 'name' }),
			await call('SaveRelationships', { module: 'Accounts', id: String(acc.id) }, { body: { field_name: 'bogus', related_records: [] } }),
		]) {
			expect([r.status, r.json.code]).toEqual([400, 31]);
		}
		const missing = await call('GetRelationship', { module: 'Accounts', id: 'nope', related_field: 'contacts' });
		expect([missing.status, missing.json.code]).toEqual([400, 22]);
		const badRelated = await call(
			'SaveRelationships',
			{ module: 'Accounts', id: String(acc.id) },
			{
				body: { field_name: 'contacts', related_records: [sb.records('Contacts')[0].id, 'no-such-contact'] },
			},
		);
		expect([badRelated.status, badRelated.json.code]).toEqual([400, 22]);
		const noRecord = await call(
			'SaveRelationships',
			{ module: 'Accounts', id: 'nope' },
			{ body: { field_name: 'contacts', related_records: [] } },
		);
		expect(noRecord.json.code).toBe(22);
	});

	it('SearchByNumber matches partial numbers across modules, ignoring formatting and +98 vs 0', async () => {
		const lead = sb.insert('Leads', { last_name: 'Phone', status: 'New', numbers: [{ number: '0912 345-6789', primary: 1 }] });
		const acc = sb.insert('Accounts', { name: 'Phone Co', numbers: ['+98 21 4444 5555'] });
		const r1 = await call('SearchByNumber', { number: '3456789' });
		expect(r1.json.data).toContainEqual({ module: 'Leads', id: lead.id, name: 'Phone' });
		const r2 = await call('SearchByNumber', { number: '+98 912-345 6789' });
		expect(r2.json.data).toContainEqual({ module: 'Leads', id: lead.id, name: 'Phone' });
		const r3 = await call('SearchByNumber', { number: '02144445555' });
		expect(r3.json.data).toContainEqual({ module: 'Accounts', id: acc.id, name: 'Phone Co' });
		const onlyLeads = await call('SearchByNumber', { number: '44445555', module: 'Leads' });
		expect(onlyLeads.json.data).toEqual([]);
		const none = await call('SearchByNumber', { number: '00000000000000' });
		expect(none.json.data).toEqual([]);
		await call('Save', { module: 'Leads', id: String(lead.id) }, { httpMethod: 'DELETE' });
		expect((await call('SearchByNumber', { number: '3456789' })).json.data).not.toContainEqual(expect.objectContaining({ id: lead.id }));
	});
});
