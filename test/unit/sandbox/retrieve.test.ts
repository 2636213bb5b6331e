import type { SarvCrmSandbox } from '../../sandbox';
import { client, request, startSandbox, token } from './helpers';

describe('Retrieve lists', () => {
	let sb: SarvCrmSandbox;
	let call: ReturnType<typeof client>;
	beforeAll(async () => {
		sb = await startSandbox({ pageCap: 7 });
		call = client(sb, await token(sb));
	});
	afterAll(() => sb.stop());

	const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((x) => x.id);

	it('GET without a body returns the first 25 records, no total', async () => {
		sb.setPageCap(300);
		const r = await call('Retrieve', { module: 'Leads' });
		expect(r.json.status).toBe(200);
		expect(r.json.data).toHaveLength(25);
		expect(Object.keys(r.json).sort()).toEqual(['data', 'message', 'status']);
	});

	it('pages with limit/offset until a short page, and cuts limits above the cap', async () => {
		sb.setPageCap(7);
		const seen: string[] = [];
		for (let offset = 0; ; offset += 7) {
			const r = await call('Retrieve', { module: 'Leads' }, { body: { limit: 1000, offset } });
			expect(r.json.data.length).toBeLessThanOrEqual(7);
			seen.push(...ids(r));
			if (r.json.data.length < 7) break;
		}
		expect(seen).toHaveLength(30);
		expect(new Set(seen).size).toBe(30);
		sb.setPageCap(300);
	});

	it('never returns deleted records', async () => {
		const victim = sb.records('Accounts')[0].id as string;
		await call('Save', { module: 'Accounts', id: victim }, { httpMethod: 'DELETE' });
		const r = await call('Retrieve', { module: 'Accounts' }, { body: { limit: 100 } });
		expect(ids(r)).not.toContain(victim);
		expect(r.json.data).toHaveLength(19);
		const q = await call('Retrieve', { module: 'Accounts' }, { body: { query: `accounts.id = '${victim}' OR deleted = 1` } });
		expect(q.json.data).toEqual([]);
	});

	it('selected_fields limits the keys, id always included', async () => {
		const r = await call('Retrieve', { module: 'Accounts' }, { body: { selected_fields: ['name', 'industry', 'nope'], limit: 3 } });
		for (const rec of r.json.data) expect(Object.keys(rec)).toEqual(['id', 'name', 'industry']);
	});

	it('orders by col, table.col, DESC and lists; unknown column is a MySQL error', async () => {
		const byName = await call(
			'Retrieve',
			{ module: 'Accounts' },
			{ body: { order_by: 'accounts.name', selected_fields: ['name'], limit: 100 } },
		);
		const names = byName.json.data.map((x: { name: string }) => x.name.toLowerCase());
		expect(names).toEqual([...names].sort());
		const desc = await call('Retrieve', { module: 'Opportunities' }, { body: { order_by: 'amount DESC, name', limit: 100 } });
		const amounts = desc.json.data.map((x: { amount: string }) => Number(x.amount));
		expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
		for (const order_by of ['nope', 'contacts.name', 'name; DROP']) {
			const bad = await call('Retrieve', { module: 'Accounts' }, { body: { order_by } });
			expect(bad.status).toBe(200);
			expect(bad.contentType).toMatch(/text\/html/);
			expect(bad.text).toMatch(/^MySQL Error: /);
		}
	});

	it('filters with the documented query forms', async () => {
		const user = await call('Retrieve', { module: 'Leads' }, { body: { query: "leads.assigned_user_id='1'", limit: 100 } });
		expect(user.json.data).toHaveLength(30);
		const lead = sb.records('Leads')[3];
		const raw = await call(
			'Retrieve',
			{ module: 'Leads' },
			{ body: { query: `leads.primary_number_raw IN ('${lead.primary_number_raw}')` } },
		);
		expect(ids(raw)).toEqual([lead.id]);
		const none = await call('Retrieve', { module: 'Leads' }, { body: { query: 'FALSE' } });
		expect(none.json.data).toEqual([]);
		const opp = sb.records('Opportunities')[0];
		const one = await call('Retrieve', { module: 'Opportunities' }, { body: { query: `opportunities.id='${opp.id}'` } });
		expect(ids(one)).toEqual([opp.id]);
		const vendors = await call('Retrieve', { module: 'Vendors' }, { body: { query: "accounts.name != ''", limit: 100 } });
		expect(vendors.json.data).toHaveLength(5);
		const cstm = await call(
			'Retrieve',
			{ module: 'Leads' },
			{ body: { query: 'leads_cstm.demo_national_code_c IS NOT NULL', limit: 100 } },
		);
		expect(cstm.json.data.length).toBe(sb.records('Leads').filter((r) => r.demo_national_code_c !== null).length);
	});

	it('matches the in-memory evaluation of richer queries', async () => {
		const all = sb.records('Leads');
		const expected = all.filter((r) => (r.status === 'New' || r.status === 'Dead') && r.description === null).map((r) => r.id);
		const r = await call(
			'Retrieve',
			{ module: 'Leads' },
			{ body: { query: "leads.status IN ('New','Dead') AND leads.description IS NULL", limit: 100 } },
		);
		expect(ids(r).sort()).toEqual(expected.sort());
		const like = await call('Retrieve', { module: 'Leads' }, { body: { query: "leads.primary_number_raw LIKE '0912%'", limit: 100 } });
		expect(ids(like).sort()).toEqual(
			all
				.filter((x) => String(x.primary_number_raw).startsWith('0912'))
				.map((x) => x.id)
				.sort(),
		);
	});

	it.each([
		"leads.name = 'x",
		"leads.name = 'x' --",
		"leads.name = 'x';",
		"leads.name = 'x' '",
		'leads.nope = 1',
		'contacts.name = 1',
		'name =',
	])('answers %s with plain-text MySQL Error, HTTP 200', async (query) => {
		const r = await call('Retrieve', { module: 'Leads' }, { body: { query } });
		expect(r.status).toBe(200);
		expect(r.contentType).toMatch(/^text\/html/);
		expect(r.json).toBeUndefined();
		expect(r.text).toMatch(/^MySQL Error: (You have an error in your SQL syntax|Unknown column)/);
	});

	it('reads list options from the query string on GET', async () => {
		const r = await request(sb, 'Retrieve', { module: 'Leads', limit: '2', offset: '1' }, { token: await token(sb) });
		expect(r.json.data).toHaveLength(2);
	});
});
