import { SARV_MODULES } from '../../../nodes/core/modules';
import type { SarvCrmSandbox } from '../../sandbox';
import { client, startSandbox, token } from './helpers';

const KEYS = ['name', 'label', 'type', 'default_value', 'id_name', 'group', 'len', 'options', 'related_module', 'calculated', 'required'];

describe('GetModuleFields', () => {
	let sb: SarvCrmSandbox;
	let en: ReturnType<typeof client>;
	let fa: ReturnType<typeof client>;
	beforeAll(async () => {
		sb = await startSandbox({ seed: false });
		en = client(sb, await token(sb, 'en_US'));
		fa = client(sb, await token(sb, 'fa_IR'));
	});
	afterAll(() => sb.stop());

	it('describes every module with realistic common fields in the documented shape', async () => {
		for (const m of SARV_MODULES) {
			const r = await en('GetModuleFields', { module: m.key });
			expect(r.status).toBe(200);
			const data = r.json.data as Record<string, Record<string, unknown>>;
			for (const f of [
				'id',
				'name',
				'date_entered',
				'date_modified',
				'created_by',
				'modified_user_id',
				'assigned_user_id',
				'description',
				'deleted',
			])
				expect([m.key, f, !!data[f]]).toEqual([m.key, f, true]);
			for (const [key, entry] of Object.entries(data)) {
				expect(Object.keys(entry).sort()).toEqual([...KEYS].sort());
				expect(entry.name).toBe(key);
				expect(typeof entry.len).toBe('string');
				expect([0, 1]).toContain(entry.required);
				if (entry.type === 'enum' || entry.type === 'multienum') expect(Object.keys(entry.options as object).length).toBeGreaterThan(0);
				else expect(entry.options).toEqual([]);
				if (entry.type === 'relate') expect([entry.id_name, entry.related_module].every(Boolean)).toBe(true);
				if (entry.type === 'link') expect(entry.related_module).toBeTruthy();
			}
		}
	});

	it('covers every field type across modules', async () => {
		const types = new Set<string>();
		for (const m of SARV_MODULES) {
			const r = await en('GetModuleFields', { module: m.key });
			for (const e of Object.values(r.json.data as Record<string, { type: string }>)) types.add(e.type);
		}
		for (const t of [
			'id',
			'varchar',
			'name',
			'text',
			'enum',
			'multienum',
			'int',
			'float',
			'currency',
			'bool',
			'date',
			'datetime',
			'relate',
			'link',
			'phone',
			'email',
			'url',
		])
			expect(types).toContain(t);
	});

	it('labels in English and Persian, options per language', async () => {
		const e = (await en('GetModuleFields', { module: 'Leads' })).json.data;
		const p = (await fa('GetModuleFields', { module: 'Leads' })).json.data;
		expect(e.status).toMatchObject({ label: 'Status', type: 'enum', required: 1 });
		expect(e.status.options).toMatchObject({ New: 'New', Converted: 'Converted' });
		expect(p.status).toMatchObject({ label: 'وضعیت', required: 1 });
		expect(p.status.options).toMatchObject({ New: 'جدید', Converted: 'تبدیل شده' });
		expect(e.last_name.required).toBe(1);
		expect(e.first_name.required).toBe(0);
		expect(p.date_entered.label).toBe('تاریخ ایجاد');
	});

	it('has module extras and utype-prefixed custom fields', async () => {
		const leads = (await en('GetModuleFields', { module: 'Leads' })).json.data;
		expect(leads.demo_national_code_c).toMatchObject({ type: 'varchar', group: 'custom' });
		expect(leads.numbers.type).toBe('phone');
		expect(leads.email1.type).toBe('email');
		expect(leads.birthdate.type).toBe('date');
		const accounts = (await en('GetModuleFields', { module: 'Accounts' })).json.data;
		expect(accounts.demo_national_code_c.type).toBe('varchar');
		expect(accounts.annual_revenue.type).toBe('currency');
		expect(accounts.employees.type).toBe('int');
		expect(accounts.website.type).toBe('url');
		expect(accounts.contacts).toMatchObject({ type: 'link', related_module: 'Contacts' });
		const contacts = (await fa('GetModuleFields', { module: 'Contacts' })).json.data;
		expect(contacts.demo_loyalty_c).toMatchObject({ type: 'multienum', label: 'سطح وفاداری' });
		expect(contacts.account_name).toMatchObject({ type: 'relate', id_name: 'account_id', related_module: 'Accounts' });
		const opp = (await en('GetModuleFields', { module: 'Opportunities' })).json.data;
		expect(opp.sales_stage).toMatchObject({ type: 'enum', required: 1 });
		expect(opp.probability.type).toBe('int');
		expect(opp.date_closed.type).toBe('date');
		const inv = (await en('GetModuleFields', { module: 'AOS_Invoices' })).json.data;
		expect(inv.products).toMatchObject({ type: 'link', related_module: 'AOS_Products' });
		const calls = (await en('GetModuleFields', { module: 'Calls' })).json.data;
		expect(calls.date_start.type).toBe('datetime');
		expect(calls.duration_minutes.type).toBe('int');
		expect(calls.parent_name.type).toBe('relate');
	});

	it('prefixes custom fields with another utype', async () => {
		const other = await startSandbox({ utype: 'acme', seed: false });
		try {
			const r = await client(other, await token(other))('GetModuleFields', { module: 'Leads' });
			expect(r.json.data.acme_national_code_c).toBeDefined();
			expect(r.json.data.demo_national_code_c).toBeUndefined();
		} finally {
			await other.stop();
		}
	});
});
