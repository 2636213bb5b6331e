import type { SarvCrmSandbox } from '../../sandbox';
import { client, startSandbox, token } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:30$/;

describe('Save and Retrieve by id', () => {
	let sb: SarvCrmSandbox;
	let call: ReturnType<typeof client>;
	beforeAll(async () => {
		sb = await startSandbox({ seed: false });
		call = client(sb, await token(sb));
	});
	afterAll(() => sb.stop());

	const lead = {
		first_name: 'Joel',
		last_name: 'Miller',
		type: 'Individual',
		lead_source: 'Conference',
		status: 'New',
		numbers: [
			{ type: 'Mobile', number: '09121111234', phoneCode: '+98', phoneFlag: 'IR', primary: 1, sms: 1, fax: 0 },
			'02122225678',
			'09123456789',
		],
		demo_national_code_c: '0012345678',
		unknown_field: 'ignored',
	};

	it('creates, reads, updates and deletes a record', async () => {
		const created = await call('Save', { module: 'Leads' }, { body: lead });
		expect(created.status).toBe(201);
		expect(created.json).toEqual({ status: 201, message: ['The record has been created.'], data: { id: expect.stringMatching(UUID) } });
		const id = created.json.data.id as string;

		const got = await call('Retrieve', { module: 'Leads', id });
		expect(got.status).toBe(200);
		expect(got.json.data).toHaveLength(1);
		const rec = got.json.data[0];
		expect(rec).toMatchObject({
			id,
			name: 'Joel Miller',
			first_name: 'Joel',
			deleted: '0',
			created_by: '1',
			modified_user_id: '1',
			demo_national_code_c: '0012345678',
		});
		expect(rec.unknown_field).toBeUndefined();
		expect(rec.date_entered).toMatch(STAMP);
		expect(rec.date_modified).toBe(rec.date_entered);
		expect(rec.numbers).toEqual([
			{ type: 'Mobile', number: '09121111234', phoneCode: '+98', phoneFlag: 'IR', primary: 1, sms: 1, fax: 0 },
			{ type: 'Phone', number: '02122225678', phoneCode: '+98', phoneFlag: 'IR', primary: 0, sms: 0, fax: 0 },
			{ type: 'Mobile', number: '09123456789', phoneCode: '+98', phoneFlag: 'IR', primary: 0, sms: 0, fax: 0 },
		]);
		expect(rec.primary_number_raw).toBe('09121111234');
		expect(rec.description).toBeNull();

		await new Promise((r) => setTimeout(r, 1100));
		const updated = await call('Save', { module: 'Leads', id }, { httpMethod: 'PUT', body: { status: 'Converted', description: '' } });
		expect(updated.json).toEqual({ status: 200, message: ['The record has been updated.'], data: { id } });
		const after = sb.getRecord('Leads', id)!;
		expect(after.status).toBe('Converted');
		expect(after.description).toBe('');
		expect(after.date_entered).toBe(rec.date_entered);
		expect(String(after.date_modified) > rec.date_modified).toBe(true);

		const del = await call('Save', { module: 'Leads', id }, { httpMethod: 'DELETE' });
		expect(del.json).toEqual({ status: 200, message: 'The record has been deleted.', data: [] });
		expect(sb.getRecord('Leads', id)!.deleted).toBe('1');
		expect(sb.records('Leads')).toHaveLength(0);
		expect(sb.records('Leads', { includeDeleted: true })).toHaveLength(1);

		for (const r of [
			await call('Retrieve', { module: 'Leads', id }),
			await call('Save', { module: 'Leads', id }, { httpMethod: 'PUT', body: { status: 'New' } }),
			await call('Save', { module: 'Leads', id }, { httpMethod: 'DELETE' }),
			await call('Save', { module: 'Leads', id: 'no-such-id' }, { httpMethod: 'PUT', body: { status: 'New' } }),
		]) {
			expect(r.status).toBe(400);
			expect(r.json).toMatchObject({
				status: 400,
				code: 22,
				message: 'Access to this object is denied since it has been deleted or does not exist.',
			});
		}
		const list = await call('Retrieve', { module: 'Leads' }, { body: {} });
		expect(list.json.data).toEqual([]);
	});

	it('required fields: 400 code 14 with the missing names', async () => {
		const r = await call('Save', { module: 'Leads' }, { body: { first_name: 'No last name' } });
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({ status: 400, code: 14, message: 'Please fill out the required fields and try again.' });
		expect(r.json.data.missing.sort()).toEqual(['last_name', 'status']);
		const blank = await call('Save', { module: 'Opportunities' }, { body: { name: '  ', sales_stage: 'Prospecting' } });
		expect(blank.json.data).toEqual({ missing: ['name'] });
		const id = sb.insert('Leads', { last_name: 'X', status: 'New' }).id as string;
		const clear = await call('Save', { module: 'Leads', id }, { httpMethod: 'PUT', body: { last_name: '' } });
		expect(clear.json.code).toBe(14);
	});

	it.each([
		['Accounts', { name: 'A', employees: 'many' }, 'employees'],
		['Accounts', { name: 'A', employees: 1.5 }, 'employees'],
		['Accounts', { name: 'A', annual_revenue: '1e' }, 'annual_revenue'],
		['Leads', { last_name: 'L', status: 'Bogus' }, 'status'],
		['Leads', { last_name: 'L', status: 'New', birthdate: '1990/01/02' }, 'birthdate'],
		['Leads', { last_name: 'L', status: 'New', birthdate: '1990-02-30' }, 'birthdate'],
		['Leads', { last_name: 'L', status: 'New', converted: 'yes' }, 'converted'],
		['Leads', { last_name: 'L', status: 'New', numbers: [{ no: 1 }] }, 'numbers'],
		['Calls', { name: 'c', date_start: 'tomorrow' }, 'date_start'],
		['Contacts', { last_name: 'C', demo_loyalty_c: ['gold', 'platinum'] }, 'demo_loyalty_c'],
		['Contacts', { last_name: 'C', first_name: { a: 1 } }, 'first_name'],
	])('type mismatch on %s %j: 400 code 15 naming the field', async (module, body, field) => {
		const r = await call('Save', { module }, { body });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(15);
		expect(r.json.message).toContain('Type mismatch Error');
		expect(r.json.message).toContain(field);
	});

	it('accepts and normalises loosely typed values', async () => {
		const r = await call(
			'Save',
			{ module: 'Accounts' },
			{
				body: { name: 'Typed', employees: '42', annual_revenue: 1500.5, website: 'https://x.ir' },
			},
		);
		const acc = sb.getRecord('Accounts', r.json.data.id)!;
		expect(acc).toMatchObject({ employees: '42', annual_revenue: '1500.5' });
		const c = await call(
			'Save',
			{ module: 'Contacts' },
			{
				body: { last_name: 'C', do_not_call: true, demo_loyalty_c: '^gold^,^vip^', birthdate: '2000-01-31' },
			},
		);
		expect(sb.getRecord('Contacts', c.json.data.id)).toMatchObject({
			do_not_call: '1',
			demo_loyalty_c: '^gold^,^vip^',
			birthdate: '2000-01-31',
		});
		const c2 = await call('Save', { module: 'Contacts' }, { body: { last_name: 'D', do_not_call: '0', demo_loyalty_c: ['silver'] } });
		expect(sb.getRecord('Contacts', c2.json.data.id)).toMatchObject({ do_not_call: '0', demo_loyalty_c: '^silver^' });
		const m = await call('Save', { module: 'Meetings' }, { body: { name: 'M', date_start: '2024-05-01T12:00:00Z', duration_hours: 2 } });
		expect(sb.getRecord('Meetings', m.json.data.id)).toMatchObject({ date_start: '2024-05-01T15:30:00+03:30', duration_hours: '2' });
		const s = await call(
			'Save',
			{ module: 'Leads' },
			{ body: { last_name: 'S', status: 'New', numbers: ['+98 912 555 1234', '021-8888-7777'] } },
		);
		const lead = sb.getRecord('Leads', s.json.data.id)!;
		expect(lead.primary_number_raw).toBe('989125551234');
		expect((lead.numbers as any[])[0]).toMatchObject({ type: 'Mobile', primary: 1 });
	});

	it('ignores server-owned fields on Save', async () => {
		const r = await call(
			'Save',
			{ module: 'Accounts' },
			{ body: { name: 'Owned', id: 'mine', deleted: '1', date_entered: '2000-01-01T00:00:00+03:30' } },
		);
		const acc = sb.getRecord('Accounts', r.json.data.id)!;
		expect(acc.id).not.toBe('mine');
		expect(acc.deleted).toBe('0');
		expect(acc.date_entered).not.toContain('2000');
	});

	it('two saves in the same second still order by date_entered', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++)
			ids.push((await call('Save', { module: 'Tasks' }, { body: { name: `T${i}`, priority: 'High' } })).json.data.id);
		const asc = await call('Retrieve', { module: 'Tasks' }, { body: { order_by: 'tasks.date_entered' } });
		expect(asc.json.data.map((r: { id: string }) => r.id)).toEqual(ids);
		const desc = await call('Retrieve', { module: 'Tasks' }, { body: { order_by: 'date_entered DESC' } });
		expect(desc.json.data.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
	});

	it('returns a single record as an object when configured', async () => {
		const other = await startSandbox({ singleRecordShape: 'object' });
		try {
			const id = other.records('Accounts')[0].id as string;
			const r = await client(other, await token(other))('Retrieve', { module: 'Accounts', id });
			expect(r.json.data).toMatchObject({ id });
			expect(Array.isArray(r.json.data)).toBe(false);
		} finally {
			await other.stop();
		}
	});

	it('insert() fills id and dates like Save', () => {
		const rec = sb.insert('Cases', { name: 'Direct', priority: 'P1' });
		expect(rec.id).toMatch(UUID);
		expect(rec.date_entered).toMatch(STAMP);
		expect(rec).toMatchObject({ deleted: '0', state: 'Open', priority: 'P1', created_by: '1' });
		expect(sb.getRecord('Cases', rec.id as string)).toEqual(rec);
	});
});
