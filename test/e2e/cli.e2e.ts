/**
 * Scenario workflows run with `n8n execute --id --rawOutput` in a real n8n, with this package
 * installed from its tarball into `.n8n/nodes`. Assertions on n8n's JSON output and on the
 * sandbox's store and request log.
 */
import { chain, createEnv, fanOut, fieldList, manualTrigger, mapper, n8n, sarv, type E2eEnv, type Workflow } from './helpers';

let env: E2eEnv;

beforeAll(async () => {
	env = await createEnv('cli');
	await env.importAll(CRUD.map(([id, module, create, update]) => crudWorkflow(id, module, create, update)));
});

afterAll(async () => {
	await env?.close();
});

const logins = () => env.sandbox.calls('Login');

/** Create → Get → Update → Get → Delete on one module, as one workflow. */
function crudWorkflow(id: string, module: string, create: Record<string, string>, update: Record<string, string>): Workflow {
	// The Record parameter as the editor saves it (resource locator, "By ID" mode); Get keeps
	// the plain-string form that workflows written before the picker still carry.
	const ref = { __rl: true, mode: 'id', value: "={{ $('Create').item.json.id }}" };
	return chain(id, `e2e CRUD ${module}`, [
		manualTrigger(),
		sarv('Create', { resource: module, operation: 'create', ...fieldList(create), options: { returnFullRecord: true } }),
		sarv('Get', { resource: module, operation: 'get', recordId: '={{ $json.id }}', options: {} }),
		sarv('Update', { resource: module, operation: 'update', recordId: ref, ...fieldList(update), options: {} }),
		sarv('Get Again', { resource: module, operation: 'get', recordId: ref, options: {} }),
		sarv('Delete', { resource: module, operation: 'delete', recordId: ref, options: {} }),
	]);
}

const CRUD: Array<[string, string, Record<string, string>, Record<string, string>]> = [
	[
		'e2eCrudLeads',
		'Leads',
		{ first_name: 'Ava', last_name: 'E2E Lead', email1: 'ava.e2e@example.com', status: 'New' },
		{ status: 'In Process', title: 'CTO' },
	],
	[
		'e2eCrudAccounts',
		'Accounts',
		{ name: 'E2E Account Ltd', industry: 'Technology', employees: '42' },
		{ name: 'E2E Account Renamed', employees: '43' },
	],
	[
		'e2eCrudInvoices',
		'AOS_Invoices',
		{ name: 'E2E Invoice 1', status: 'Unpaid', invoice_date: '2024-05-01', total_amount: '1500000' },
		{ status: 'Paid' },
	],
	[
		'e2eCrudCompetitor',
		'sc_competitor',
		{ name: 'E2E Rival Inc', market_share: '12.5', website: 'https://rival.example.com' },
		{ market_share: '15' },
	],
];

describe('n8n execute: CRUD on several modules, login once', () => {
	test.each(CRUD)('%s: create, get, update, get, delete on %s', async (id, module, create, update) => {
		const before = env.sandbox.records(module).length;
		const res = await env.exec(id);
		const created = env.out(res, 'Create')[0];
		expect(typeof created.id).toBe('string');
		for (const [k, v] of Object.entries(create)) expect(String(created[k])).toBe(v.replace(/\.0+$/, ''));
		const got = env.out(res, 'Get')[0];
		expect(got.id).toBe(created.id);
		expect(got.name).toBeTruthy();
		const updated = env.out(res, 'Update')[0];
		expect(updated.id).toBe(created.id);
		const gotAgain = env.out(res, 'Get Again')[0];
		for (const [k, v] of Object.entries(update)) expect(String(gotAgain[k])).toBe(v);
		expect(env.out(res, 'Delete')).toEqual([{ id: created.id, deleted: true }]);
		// the store: record soft-deleted, other records untouched
		expect(env.sandbox.records(module).length).toBe(before);
		const stored = env.sandbox.records(module, { includeDeleted: true }).find((r) => r.id === created.id);
		expect(stored?.deleted).toBe('1');
		for (const [k, v] of Object.entries(update)) expect(String(stored?.[k])).toBe(v);
		expect(env.sandbox.log.filter((e) => e.method === 'Save' && e.id === created.id).map((e) => e.httpMethod)).toEqual(['PUT', 'DELETE']);
	});

	test('the credential logged in once for all executions (token stored encrypted by n8n and reused)', () => {
		expect(logins()).toBe(1);
		expect(env.sandbox.log.filter((e) => e.method !== 'Login').every((e) => e.authorized)).toBe(true);
	});
});

describe('n8n execute: lists, upsert, search, fields', () => {
	test('Get Many with Return All pages through every record; Limit stops early', async () => {
		const all = env.sandbox.records('Leads').length;
		expect(all).toBeGreaterThan(20);
		env.sandbox.clearLog();
		const res = await env.run(
			fanOut('e2eGetMany', 'e2e Get Many', [
				sarv('All Leads', { resource: 'Leads', operation: 'getAll', returnAll: true, options: { pageSize: 7 } }),
				sarv('First 10 Leads', { resource: 'Leads', operation: 'getAll', returnAll: false, limit: 10, options: { pageSize: 4 } }),
				sarv('Filtered Leads', {
					resource: 'Leads',
					operation: 'getAll',
					returnAll: true,
					filters: { conditions: [{ field: 'status', operator: 'equals', value: 'New' }] },
					options: { fields: ['first_name', 'last_name', 'status'] },
				}),
			]),
		);
		const items = env.out(res, 'All Leads');
		expect(items).toHaveLength(all);
		expect(new Set(items.map((i) => i.id)).size).toBe(all);
		const pages = env.sandbox.log.filter((e) => e.method === 'Retrieve' && (e.body as { limit?: number }).limit === 7);
		expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(all / 7));
		expect(pages.map((e) => (e.body as { offset: number }).offset).slice(0, 3)).toEqual([0, 7, 14]);
		expect(env.out(res, 'First 10 Leads')).toHaveLength(10);
		const filtered = env.out(res, 'Filtered Leads');
		const expected = env.sandbox.records('Leads').filter((r) => r.status === 'New').length;
		expect(filtered).toHaveLength(expected);
		expect(filtered.every((r) => r.status === 'New')).toBe(true);
	});

	test('Create or Update: creates, then updates the same record matched on email1 (field list and mapper)', async () => {
		const email = `upsert.${Date.now()}@example.com`;
		const res = await env.run(
			chain('e2eUpsert', 'e2e Upsert', [
				manualTrigger(),
				sarv('Upsert List', {
					resource: 'Leads',
					operation: 'upsert',
					...fieldList({ email1: email, last_name: 'Upsert', first_name: 'First', status: 'New' }),
					matchFields: ['email1'],
					options: {},
				}),
				sarv('Upsert Mapper', {
					resource: 'Leads',
					operation: 'upsert',
					...mapper({ email1: email, last_name: 'Upserted Again', status: 'Assigned' }, ['email1']),
					options: { returnFullRecord: true },
				}),
			]),
		);
		const first = env.out(res, 'Upsert List')[0];
		const second = env.out(res, 'Upsert Mapper')[0];
		expect(first.upsertResult).toBe('created');
		expect(second.upsertResult).toBe('updated');
		expect(second.id).toBe(first.id);
		const matches = env.sandbox.records('Leads').filter((r) => r.email1 === email);
		expect(matches).toHaveLength(1);
		expect(matches[0]).toMatchObject({ id: first.id, last_name: 'Upserted Again', first_name: 'First', status: 'Assigned' });
	});

	test('Search by Phone Number, Get Fields, Get Related Records', async () => {
		const lead = env.sandbox.records('Leads').find((r) => Array.isArray(r.numbers) && (r.numbers as unknown[]).length) as Record<
			string,
			any
		>;
		expect(lead).toBeDefined();
		const number = String(lead.numbers[0].number);
		const account = env.sandbox.records('Accounts')[0];
		const res = await env.run(
			fanOut('e2eSearchFields', 'e2e Search and Fields', [
				sarv('Search', { resource: 'Leads', operation: 'searchByNumber', phoneNumber: number, allModules: false, options: {} }),
				sarv('Fields', { resource: 'AOS_Invoices', operation: 'getFields' }),
				sarv('Related', {
					resource: 'Accounts',
					operation: 'getRelated',
					recordId: String(account.id),
					relatedField: 'contacts',
					returnAll: true,
					options: {},
				}),
			]),
		);
		expect(env.out(res, 'Search').map((r) => r.id)).toContain(lead.id);
		const fields = env.out(res, 'Fields').map((r) => r.name);
		expect(fields).toEqual(expect.arrayContaining(['name', 'status', 'invoice_date', 'total_amount']));
		const related = env.out(res, 'Related');
		const expected = env.sandbox.records('Contacts').filter((c) => c.account_id === account.id);
		expect(related.map((r) => r.id).sort()).toEqual(expected.map((c) => c.id).sort());
	});
});

describe('n8n execute: session expiry and errors', () => {
	test('a token expired between executions is refreshed: one new Login, then the call is retried', async () => {
		await env.exec('e2eCrudCompetitor'); // a working token exists now
		env.sandbox.expireAllTokens();
		env.sandbox.clearLog();
		const res = await env.exec('e2eCrudAccounts');
		const methods = env.sandbox.log.map((e) => `${e.method}:${e.status}`);
		expect(methods.filter((m) => m.startsWith('Login'))).toEqual(['Login:200']);
		expect(env.out(res, 'Delete')[0].deleted).toBe(true);
		// calls with the expired token are rejected (401), then one Login, then everything succeeds
		const login = methods.indexOf('Login:200');
		expect(login).toBeGreaterThan(0);
		const before = methods.slice(0, login);
		const after = methods.slice(login + 1);
		expect(before).toEqual(before.map((m) => m.replace(/:\d+$/, ':401')));
		expect(after).toEqual(after.map((m) => m.replace(/:\d+$/, (x) => (/^:2\d\d$/.test(x) ? x : ':2xx'))));
		expect(env.sandbox.log[login + 1].method).toBe(env.sandbox.log[0].method);
		// and the refreshed token is stored again: the next execution needs no login
		await env.exec('e2eCrudLeads');
		expect(logins()).toBe(1);
	});

	test('continueOnFail: a failing item becomes an error item and the workflow goes on', async () => {
		const res = await env.run(
			chain('e2eContinue', 'e2e Continue On Fail', [
				manualTrigger(),
				sarv(
					'Get Missing',
					{ resource: 'Leads', operation: 'get', recordId: '00000000-0000-0000-0000-000000000000', options: {} },
					{ onError: 'continueRegularOutput' },
				),
				{ name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} },
			]),
		);
		const [item] = env.out(res, 'Get Missing');
		// SarvCRM answers HTTP 400, code 22 "... deleted or does not exist"
		expect(String(item.error)).toMatch(/not found|no record|does not exist/i);
		expect(env.sandbox.log.at(-1)).toMatchObject({ method: 'Retrieve', status: 400 });
		expect(env.out(res, 'After')).toHaveLength(1);
	});

	test('without continueOnFail the execution fails with the node error (exit 1)', async () => {
		const res = await env.run(
			chain('e2eFail', 'e2e Fail', [
				manualTrigger(),
				sarv('Get Missing', { resource: 'Leads', operation: 'get', recordId: '00000000-0000-0000-0000-000000000000', options: {} }),
			]),
		);
		expect(res.ok).toBe(false);
		expect(res.stdout + res.stderr).toMatch(/not found|no record|does not exist/i);
	});

	test('a wrong password is reported as a login error', async () => {
		await n8n.importCredentials(env.f, env.userFolder, [
			n8n.sarvCredential({
				id: 'sarvCrmWrongPw01',
				name: 'Wrong',
				baseUrl: env.sandbox.url,
				utype: env.sandbox.utype,
				username: 'admin',
				password: 'nope',
			}),
		]);
		const wf = chain('e2eWrongPw', 'e2e Wrong Password', [
			manualTrigger(),
			sarv(
				'List',
				{ resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1, options: {} },
				{ credentials: { sarvCrmApi: { id: 'sarvCrmWrongPw01', name: 'Wrong' } } },
			),
		]);
		const res = await env.run(wf);
		expect(res.ok).toBe(false);
		expect(res.stdout + res.stderr).toMatch(/password|login|credential|username/i);
	});
});

describe('example workflows (examples/*.json) that run without a server', () => {
	test('scheduled-export.json: accounts changed today, mapped by the Set node', async () => {
		const example = n8n.readExamples().find((e) => e.file === 'scheduled-export.json')!.workflow;
		// `n8n execute` starts at a Manual Trigger: put one where the Schedule Trigger is.
		const trigger = example.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		const wf: Workflow = {
			...example,
			id: 'e2eExExport',
			nodes: example.nodes.map((n) => (n === trigger ? { ...manualTrigger(trigger.name), position: n.position } : n)),
		};
		const fresh = env.sandbox.insert('Accounts', { name: 'Changed Today Co', email1: 'today@example.com', industry: 'Retail' });
		const res = await env.run(wf);
		const rows = env.out(res, 'Export Row');
		expect(rows.map((r) => r.id)).toContain(fresh.id);
		// seeded accounts were last changed long ago: only today's changes are exported
		const today = env.sandbox
			.records('Accounts')
			.filter((r) => String(r.date_modified) > new Date(Date.now() - 36 * 3600e3).toISOString().slice(0, 10));
		expect(rows.length).toBeLessThanOrEqual(today.length);
		expect(rows.find((r) => r.id === fresh.id)).toEqual(
			expect.objectContaining({ name: 'Changed Today Co', email: 'today@example.com', industry: 'Retail' }),
		);
		expect(Object.keys(rows[0]).sort()).toEqual(['email', 'id', 'industry', 'modified', 'name']);
	});
});
