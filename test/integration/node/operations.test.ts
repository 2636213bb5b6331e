/**
 * Every operation as a user runs it: Start → SarvCRM node with its parameters,
 * checked against the output items and against what the sandbox stored and logged.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { listFields, requiredFieldRows, type FieldItem } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());

const createLead = (fields: Array<{ name: string; value: string }>, extra: INodeParameters = {}) =>
	h.runNode({ resource: 'Leads', operation: 'create', fieldsInput: 'list', fields: listFields(fields), ...extra });

describe('Leads', () => {
	it('Create sends typed fields and phone numbers, returns id, the fields sent and a web-app url', async () => {
		const result = await createLead(
			[
				{ name: 'first_name', value: 'سارا' },
				{ name: 'last_name', value: 'Ahmadi 🌟' },
				{ name: 'status', value: 'New' },
				{ name: 'birthdate', value: '1990-05-04' },
			],
			{
				phoneNumbers: { number: [{ type: 'Mobile', number: '09121234567', phoneCode: '+98', primary: true, sms: true, fax: false }] },
			},
		);
		const [lead] = result.assertSuccess().json();
		expect(lead).toMatchObject({ first_name: 'سارا', last_name: 'Ahmadi 🌟', status: 'New', birthdate: '1990-05-04' });
		expect(lead.url).toBe(`${new URL(h.url).origin}/index.php?utype=demo&module=Leads&action=DetailView&record=${lead.id}`);
		const stored = h.sandbox.getRecord('Leads', String(lead.id))!;
		expect(stored).toMatchObject({ last_name: 'Ahmadi 🌟', primary_number_raw: '09121234567' });
		expect(stored.numbers).toEqual([expect.objectContaining({ number: '09121234567', type: 'Mobile', primary: 1, sms: 1 })]);
		expect(result.items()[0].pairedItem).toEqual({ item: 0 });
	});

	it('Create with the resource mapper, values typed by the field list, and Fetch Full Record', async () => {
		const result = await h.runNode({
			resource: 'Leads',
			operation: 'create',
			fieldsInput: 'mapper',
			columns: { mappingMode: 'defineBelow', value: { last_name: 'Mapper', status: 'Assigned', converted: true } },
			options: { returnFullRecord: true },
		});
		const [lead] = result.assertSuccess().json();
		expect(lead).toMatchObject({ last_name: 'Mapper', status: 'Assigned', converted: '1', deleted: '0' });
		expect(lead.date_entered).toMatch(/^\d{4}-\d{2}-\d{2}T/);
	});

	it('Create maps input items automatically, ignoring keys that are not fields', async () => {
		const result = await h.runNode(
			{ resource: 'Leads', operation: 'create', fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null } },
			[
				{ last_name: 'Auto One', status: 'New', formId: 'web-17' },
				{ last_name: 'Auto Two', status: 'New', utm_source: 'ads' },
			],
		);
		const leads = result.assertSuccess().json();
		expect(leads.map((l) => l.last_name)).toEqual(['Auto One', 'Auto Two']);
		expect(leads[0]).not.toHaveProperty('formId');
		expect(result.items().map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('Get, Update and Delete a lead by id', async () => {
		const [created] = (
			await createLead([
				{ name: 'last_name', value: 'Lifecycle' },
				{ name: 'status', value: 'New' },
			])
		)
			.assertSuccess()
			.json();
		const id = String(created.id);

		const [got] = (await h.runNode({ resource: 'Leads', operation: 'get', recordId: id })).assertSuccess().json();
		expect(got).toMatchObject({ id, last_name: 'Lifecycle', status: 'New' });

		const updated = await h.runNode({
			resource: 'Leads',
			operation: 'update',
			recordId: id,
			fieldsInput: 'list',
			fields: listFields([{ name: 'status', value: 'Converted' }]),
		});
		expect(updated.assertSuccess().json()).toEqual([expect.objectContaining({ id, status: 'Converted' })]);
		expect(h.sandbox.getRecord('Leads', id)).toMatchObject({ status: 'Converted', last_name: 'Lifecycle' });

		const deleted = await h.runNode({ resource: 'Leads', operation: 'delete', recordId: id });
		expect(deleted.assertSuccess().json()).toEqual([{ id, deleted: true }]);
		expect(h.sandbox.getRecord('Leads', id)).toMatchObject({ deleted: '1' });
	});

	it('Get with Simplify drops empty and system fields', async () => {
		const [created] = (
			await createLead([
				{ name: 'last_name', value: 'Simple' },
				{ name: 'status', value: 'New' },
			])
		)
			.assertSuccess()
			.json();
		const [got] = (await h.runNode({ resource: 'Leads', operation: 'get', recordId: String(created.id), options: { simplify: true } }))
			.assertSuccess()
			.json();
		expect(got).toMatchObject({ id: created.id, last_name: 'Simple' });
		expect(got).not.toHaveProperty('deleted');
		expect(got).not.toHaveProperty('created_by');
		expect(Object.values(got)).not.toContain(null);
	});

	it('Get Fields returns one item per field with type, required flag and options', async () => {
		const fields = (await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess().json();
		expect(fields).toContainEqual(expect.objectContaining({ name: 'last_name', required: true }));
		const status = fields.find((f) => f.name === 'status');
		expect(status).toMatchObject({ type: 'enum', required: true });
		expect(status?.options).toContainEqual({ value: 'New', label: 'New' });
		expect(fields.map((f) => f.name)).toContain('demo_national_code_c');
	});

	it('Get Many with fields, sort and limit', async () => {
		const result = await h.runNode({
			resource: 'Leads',
			operation: 'getAll',
			limit: 5,
			output: 'selected',
			selectedFields: ['last_name', 'status'],
			options: { sortField: 'last_name', sortDirection: 'DESC' },
		});
		const leads = result.assertSuccess().json();
		expect(leads).toHaveLength(5);
		expect(Object.keys(leads[0]).sort()).toEqual(['id', 'last_name', 'status', 'url']);
		const body = h.sandbox.log
			.filter((e) => e.method === 'Retrieve' && (e.body as { order_by?: string } | undefined)?.order_by !== undefined)
			.at(-1)?.body as Record<string, unknown>;
		expect(body).toMatchObject({
			order_by: 'leads.last_name DESC, leads.date_entered ASC, leads.id ASC',
			selected_fields: ['id', 'last_name', 'status'],
			limit: 5,
			offset: 0,
		});
	});

	it('Get Many on a version 1 node keeps its Fields and Simplify options', async () => {
		const v1 = { typeVersion: 1 };
		const result = await h.runNode(
			{ resource: 'Leads', operation: 'getAll', limit: 2, options: { fields: ['last_name', 'status'] } },
			undefined,
			v1,
		);
		const leads = result.assertSuccess().json();
		expect(Object.keys(leads[0]).sort()).toEqual(['id', 'last_name', 'status', 'url']);
		const raw = (await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 }, undefined, v1)).assertSuccess().json();
		// Version 1 returns every field as SarvCRM sends it, empty ones included, unless Simplify is on.
		expect(raw[0]).toHaveProperty('deleted');
		const simplified = (await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 })).assertSuccess().json();
		expect(simplified[0]).not.toHaveProperty('deleted');
	});

	it('Search by Phone Number finds partial numbers in this module or in all modules', async () => {
		await createLead(
			[
				{ name: 'last_name', value: 'Caller' },
				{ name: 'status', value: 'New' },
			],
			{
				phoneNumbers: { number: [{ type: 'Mobile', number: '09350001122', phoneCode: '+98', primary: true }] },
			},
		);
		const inLeads = (await h.runNode({ resource: 'Leads', operation: 'searchByNumber', phoneNumber: '0935000' })).assertSuccess().json();
		expect(inLeads).toContainEqual(expect.objectContaining({ module: 'Leads', name: expect.stringContaining('Caller') }));
		expect(inLeads.every((m) => m.module === 'Leads')).toBe(true);
		expect(inLeads[0].url).toContain('module=Leads');
		const everywhere = (await h.runNode({ resource: 'Accounts', operation: 'searchByNumber', phoneNumber: '0935000', allModules: true }))
			.assertSuccess()
			.json();
		expect(everywhere).toContainEqual(expect.objectContaining({ module: 'Leads', id: inLeads[0].id }));
		const last = h.sandbox.log.at(-1)!;
		expect(last.params).not.toHaveProperty('module');
	});
});

describe('Accounts, Contacts and relationships', () => {
	it('Link Related Records then Get Related Records through the contacts field', async () => {
		const [account] = (
			await h.runNode({
				resource: 'Accounts',
				operation: 'create',
				fieldsInput: 'list',
				fields: listFields([{ name: 'name', value: 'Persepolis Trading' }]),
			})
		)
			.assertSuccess()
			.json();
		const contacts = (
			await h.runNode(
				{
					resource: 'Contacts',
					operation: 'create',
					fieldsInput: 'list',
					fields: listFields([{ name: 'last_name', value: '={{ $json.name }}' }]),
				},
				[{ name: 'Karimi' }, { name: 'Rostami' }],
			)
		)
			.assertSuccess()
			.json();
		expect(contacts.map((c) => c.last_name)).toEqual(['Karimi', 'Rostami']);

		const linked = await h.runNode({
			resource: 'Accounts',
			operation: 'linkRelated',
			recordId: String(account.id),
			relatedField: 'contacts',
			relatedRecords: { record: contacts.map((c) => ({ id: String(c.id), attributes: '{}' })) },
		});
		expect(linked.assertSuccess().json()).toEqual([
			expect.objectContaining({ id: account.id, relatedField: 'contacts', linked: contacts.map((c) => c.id) }),
		]);

		const related = (
			await h.runNode({
				resource: 'Accounts',
				operation: 'getRelated',
				recordId: String(account.id),
				relatedField: 'contacts',
				returnAll: true,
			})
		)
			.assertSuccess()
			.json();
		expect(related.map((r) => r.id).sort()).toEqual(contacts.map((c) => c.id).sort());
		expect(related[0].url).toContain('module=Contacts');
	});
});

describe('AOS_Invoices and sc_competitor', () => {
	it('links products to an invoice with line attributes (qty, unit)', async () => {
		const fields = (await h.runNode({ resource: 'AOS_Invoices', operation: 'getFields' })).assertSuccess().json() as unknown as FieldItem[];
		const rows = requiredFieldRows(fields, 'INV').map((r) => (r.name === 'name' ? { ...r, value: 'INV-1001' } : r));
		const [invoice] = (await h.runNode({ resource: 'AOS_Invoices', operation: 'create', fieldsInput: 'list', fields: listFields(rows) }))
			.assertSuccess()
			.json();
		const [product] = (await h.runNode({ resource: 'AOS_Products', operation: 'getAll', limit: 1 })).assertSuccess().json();

		(
			await h.runNode({
				resource: 'AOS_Invoices',
				operation: 'linkRelated',
				recordId: String(invoice.id),
				relatedField: 'products',
				relatedRecords: { record: [{ id: String(product.id), attributes: '{"qty": 3, "unit_id": "Branch"}' }] },
			})
		).assertSuccess();
		const saved = h.sandbox.log.filter((e) => e.method === 'SaveRelationships').at(-1)!;
		expect(saved.body).toEqual({ field_name: 'products', related_records: [{ qty: 3, unit_id: 'Branch', id: product.id }] });

		const lines = (
			await h.runNode({
				resource: 'AOS_Invoices',
				operation: 'getRelated',
				recordId: String(invoice.id),
				relatedField: 'products',
				returnAll: true,
			})
		)
			.assertSuccess()
			.json();
		expect(lines).toEqual([expect.objectContaining({ id: product.id })]);
	});

	it('works on a lower-case module key (sc_competitor, table sc_competitor)', async () => {
		const [competitor] = (
			await h.runNode({
				resource: 'sc_competitor',
				operation: 'create',
				fieldsInput: 'list',
				fields: listFields([{ name: 'name', value: "Rival's Co" }]),
			})
		)
			.assertSuccess()
			.json();
		const found = (
			await h.runNode({
				resource: 'sc_competitor',
				operation: 'getAll',
				returnAll: true,
				filters: { conditions: [{ field: 'name', operator: 'equals', value: "Rival's Co" }] },
			})
		)
			.assertSuccess()
			.json();
		expect(found.map((c) => c.id)).toEqual([competitor.id]);
		const body = h.sandbox.log
			.filter((e) => e.method === 'Retrieve' && (e.body as { order_by?: string } | undefined)?.order_by !== undefined)
			.at(-1)?.body as Record<string, unknown>;
		expect(body.query).toBe("sc_competitor.name = 'Rival\\'s Co'");
	});

	it('Vendors are queried in the accounts table', async () => {
		(
			await h.runNode({
				resource: 'Vendors',
				operation: 'getAll',
				limit: 2,
				filters: { conditions: [{ field: 'name', operator: 'isNotEmpty' }] },
			})
		).assertSuccess();
		const body = h.sandbox.log
			.filter((e) => e.method === 'Retrieve' && (e.body as { order_by?: string } | undefined)?.order_by !== undefined)
			.at(-1)?.body as Record<string, unknown>;
		expect(body.query).toBe("(accounts.name IS NOT NULL AND accounts.name <> '')");
	});
});
