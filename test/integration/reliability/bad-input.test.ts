/**
 * Bad input: every value a user can get wrong. Each rejected input must give a
 * message naming the field, and the sandbox log must show that no Save (nor a Retrieve
 * with a broken id) went out: nothing is sent half-built. Valid but unusual input
 * (Persian, emoji, 100 KB text, ISO dates, numbers for text) must round-trip exactly.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { createLead, filterLeads, getLead, methodsOf, runExpectingError } from './helpers';

/** A lead's fields taken from each input item. */
const FROM_ITEM = { last_name: '={{ $json.last_name }}', status: '={{ $json.status }}' };

describe('reliability: bad input', () => {
	let h: Harness;
	let leadId: string;
	let leadCount: number;

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(() => {
		h.sandbox.reset();
		leadId = String(h.sandbox.records('Leads')[0].id);
		leadCount = h.sandbox.records('Leads').length;
		h.sandbox.clearLog();
	});

	/** Nothing written, no record touched. */
	const expectNothingSent = () => {
		expect(h.sandbox.calls('Save')).toBe(0);
		expect(h.sandbox.records('Leads')).toHaveLength(leadCount);
	};

	interface RejectCase {
		name: string;
		parameters: () => INodeParameters;
		message: RegExp;
		/** The field the message must name */
		field: string;
		description?: RegExp;
	}

	const REJECTED: RejectCase[] = [
		{
			name: 'a field that does not exist',
			parameters: () => createLead({ last_name: 'X', status: 'New', no_such_field: 'v' }),
			message: /^Field "no_such_field" does not exist in module Leads$/,
			field: 'no_such_field',
			description: /Get Fields/,
		},
		{
			name: 'a wrong enum value',
			parameters: () => createLead({ last_name: 'X', status: 'Bogus' }),
			message: /^Field "status" \(Status, enum\) does not accept "Bogus"$/,
			field: 'status',
			description: /Use one of: .*New/,
		},
		{
			name: 'text where a number is expected',
			parameters: () => createLead({ last_name: 'X', status: 'New', opportunity_amount: 'lots of money' }),
			message: /^Field "opportunity_amount" .*expects a number, got "lots of money"$/,
			field: 'opportunity_amount',
		},
		{
			name: 'a hex number where a number is expected',
			parameters: () => createLead({ last_name: 'X', status: 'New', opportunity_amount: '0x10' }),
			message: /"opportunity_amount".*expects a number/,
			field: 'opportunity_amount',
		},
		{
			name: 'an array where a string is expected',
			parameters: () => createLead({ last_name: '={{ ["a", "b"] }}', status: 'New' }),
			message: /^Field "last_name" \(Last Name, varchar\) expects text, got a list$/,
			field: 'last_name',
			description: /join/,
		},
		{
			name: 'an object where a string is expected',
			parameters: () => createLead({ last_name: '={{ { first: "a" } }}', status: 'New' }),
			message: /^Field "last_name" .*expects text, got an object$/,
			field: 'last_name',
		},
		{
			name: 'null in a required field',
			parameters: () => createLead({ last_name: '={{ null }}', status: 'New' }),
			message: /^Required field missing for a new Leads record: "last_name" \(Last Name\)$/,
			field: 'last_name',
		},
		{
			name: 'a required field left out',
			parameters: () => createLead({ first_name: 'Only', status: 'New' }),
			message: /Required field missing.*"last_name"/,
			field: 'last_name',
		},
		{
			name: 'a huge string in a varchar(255) field',
			parameters: () => createLead({ last_name: 'x'.repeat(256), status: 'New' }),
			message: /^Field "last_name" .*takes at most 255 characters, got 256$/,
			field: 'last_name',
		},
		{
			name: 'a date as DD/MM/YYYY',
			parameters: () => createLead({ last_name: 'X', status: 'New', birthdate: '20/03/2024' }),
			message: /^Field "birthdate" \(Birthdate, date\) expects a date in ISO 8601 \(YYYY-MM-DD\), got "20\/03\/2024"$/,
			field: 'birthdate',
		},
		{
			name: 'a Jalali date',
			parameters: () => createLead({ last_name: 'X', status: 'New', birthdate: '1403/01/01' }),
			message: /"birthdate".*got "1403\/01\/01".*looks like a Jalali \(Persian calendar\) date, but "Dates Typed In" is Gregorian/,
			field: 'birthdate',
			description: /Dates Typed In to Jalali/,
		},
		{
			name: 'an impossible date',
			parameters: () => createLead({ last_name: 'X', status: 'New', birthdate: '2024-02-30' }),
			message: /"birthdate".*ISO 8601/,
			field: 'birthdate',
		},
		{
			name: 'a malformed record id on Update',
			parameters: () => ({
				resource: 'Leads',
				operation: 'update',
				recordId: "x' OR '1'='1",
				fieldsInput: 'list',
				fields: { field: [{ name: 'last_name', value: 'Y' }] },
			}),
			message: /^Record ID "x' OR '1'='1" is not a SarvCRM ID$/,
			field: 'Record ID',
		},
		{
			name: 'an empty record id on Delete (from an expression)',
			parameters: () => ({ resource: 'Leads', operation: 'delete', recordId: '={{ $json.id }}' }),
			message: /^Record ID is empty$/,
			field: 'Record ID',
		},
		{
			name: 'a malformed record id on Delete (path-like)',
			parameters: () => ({ resource: 'Leads', operation: 'delete', recordId: '../../etc/passwd' }),
			message: /^Record ID "\.\.\/\.\.\/etc\/passwd" is not a SarvCRM ID$/,
			field: 'Record ID',
		},
		{
			name: 'an update whose only value is null',
			parameters: () => ({
				resource: 'Leads',
				operation: 'update',
				recordId: leadId,
				fieldsInput: 'list',
				fields: { field: [{ name: 'description', value: '={{ null }}' }] },
			}),
			message: /^Nothing to update: no field has a value$/,
			field: 'field',
		},
	];

	it.each(REJECTED.map((c) => [c.name, c] as [string, RejectCase]))(
		'%s: rejected, the message names the field, no Save',
		async (_name, c) => {
			const { message, description, error } = await runExpectingError(h, c.parameters());
			expect(error.name).toBe('NodeOperationError');
			expect(message).toMatch(c.message);
			expect(message).toContain(c.field);
			if (c.description) expect(description).toMatch(c.description);
			expectNothingSent();
		},
	);

	it('a module from an expression runs like one picked from the list', async () => {
		const result = await h.runNode({ resource: '={{ "Le" + "ads" }}', operation: 'get', recordId: leadId });
		expect(result.assertSuccess().json()).toEqual([expect.objectContaining({ id: leadId })]);
	});

	it('an unknown module from an expression: rejected by name before any call', async () => {
		const { message, description } = await runExpectingError(h, { resource: '={{ "Nope" }}', operation: 'get', recordId: leadId });
		expect(message).toMatch(/"Nope" is not a SarvCRM module/);
		expect(description).toMatch(/Pick the Resource from the list/);
		expect(h.sandbox.calls()).toBe(0);
	});

	it.each([
		['empty (expression on a missing key)', '={{ $json.id }}', /^Record ID is empty$/],
		['blank', '   ', /^Record ID is empty$/],
		['with a quote', "abc'--", /^Record ID "abc'--" is not a SarvCRM ID$/],
		['with a slash and query', 'a/b?method=Save', /is not a SarvCRM ID/],
		['too long', 'a'.repeat(65), /is not a SarvCRM ID/],
	])('Get with a record id that is %s: named, no Retrieve sent', async (_name, recordId, message) => {
		const result = await runExpectingError(h, getLead(recordId));
		expect(result.message).toMatch(message);
		expect(result.description).toMatch(/\{\{ \$json\.id \}\}|letters, digits and dashes/);
		expect(h.sandbox.calls('Retrieve')).toBe(0);
	});

	it('a literally empty record id: n8n itself refuses to run the workflow, nothing is sent', async () => {
		await expect(h.runNode(getLead(''))).rejects.toThrow(/workflow has issues/);
		expect(h.sandbox.calls()).toBe(0);
	});

	it('a well-formed id that does not exist: SarvCRM’s "no records" naming the record', async () => {
		const { description } = await runExpectingError(h, getLead('00000000-0000-0000-0000-000000000000'));
		expect(description).toContain('record 00000000-0000-0000-0000-000000000000');
		expect(h.sandbox.calls('Retrieve')).toBe(1);
	});

	it('a filter on a field name that is not an identifier: named, no Retrieve sent', async () => {
		const { message } = await runExpectingError(h, filterLeads([{ field: 'last_name; DROP TABLE leads', operator: 'equals', value: 'x' }]));
		expect(message).toMatch(/^"last_name; DROP TABLE leads" is not a valid field name/);
		expect(h.sandbox.calls('Retrieve')).toBe(0);
	});

	it('a batch with one bad item under Continue On Fail: only the good items are saved, once each', async () => {
		const items = [
			{ last_name: 'Good-1', status: 'New' },
			{ last_name: 'Bad-1', status: 'NotAStatus' },
			{ last_name: 'Good-2', status: 'New' },
		];
		const result = await h.runNode(createLead(FROM_ITEM, { bulkWrite: false }), items, { continueOnFail: true });
		result.assertSuccess();
		expect(result.items().map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.itemErrors()).toEqual([{ index: 1, error: expect.stringMatching(/"status".*"NotAStatus"/) }]);
		expect(h.sandbox.calls('Save')).toBe(2);
		const names = h.sandbox.records('Leads').map((r) => r.last_name);
		expect(names).toEqual(expect.arrayContaining(['Good-1', 'Good-2']));
		expect(names).not.toContain('Bad-1');
	});

	it('a batch with one bad item WITHOUT Continue On Fail fails with that item and writes nothing', async () => {
		const items = [
			{ last_name: 'Seq-1', status: 'New' },
			{ last_name: 'Seq-2', status: 'NotAStatus' },
			{ last_name: 'Seq-3', status: 'New' },
		];
		const { message, error } = await runExpectingError(h, createLead(FROM_ITEM, { maxParallel: 1 }), items);
		expect(message).toMatch(/"status".*"NotAStatus"/);
		expect((error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		// Every item is checked before the first write: the bad one stops the run before any Save.
		expect(h.sandbox.calls('Save')).toBe(0);
		const names = h.sandbox.records('Leads').map((r) => r.last_name);
		expect(names).not.toContain('Seq-1');
		expect(names).not.toContain('Seq-2');
		expect(names).not.toContain('Seq-3');
	});

	describe('accepted input round-trips exactly', () => {
		/** Create, then Get the saved record back through the node. */
		const createThenGet = async (pairs: Record<string, unknown>) => {
			const created = await h.runNode(createLead(pairs));
			created.assertSuccess();
			const id = String(created.json()[0].id);
			const got = await h.runNode(getLead(id));
			got.assertSuccess();
			return { id, record: got.json()[0] };
		};

		it('Persian text, ZWNJ and emoji (incl. ZWJ sequences and flags) in UTF-8', async () => {
			const last = 'محمدی‌نژاد 😀👩‍💻🇮🇷';
			const first = 'زهرا';
			const description = 'سلام دنیا! 🌍 — «نقل قول» ۱۲۳۴۵۶۷۸۹۰\nخط دوم\tبا تب';
			const { id, record } = await createThenGet({ last_name: last, first_name: first, status: 'New', description });
			expect(record.last_name).toBe(last);
			expect(record.first_name).toBe(first);
			expect(record.description).toBe(description);
			expect(h.sandbox.getRecord('Leads', id)?.last_name).toBe(last);
			// And it can be found again by an exact filter on the same text.
			const found = await h.runNode(filterLeads([{ field: 'last_name', operator: 'equals', value: last }]));
			found.assertSuccess();
			expect(found.json().map((r) => r.id)).toEqual([id]);
		});

		it('a 100 KB text field', async () => {
			const big = 'ab‌c😀د\n'.repeat((100 * 1024) / 10);
			expect(Buffer.byteLength(big)).toBeGreaterThanOrEqual(100 * 1024);
			const { record } = await createThenGet({ last_name: 'Big', status: 'New', description: big });
			expect(record.description).toBe(big);
			expect(h.sandbox.calls('Save')).toBe(1);
		});

		it('a number where text is expected is sent as its text', async () => {
			const { record } = await createThenGet({ last_name: '={{ 12345 }}', status: 'New' });
			expect(record.last_name).toBe('12345');
		});

		it('a number given as text for a currency field is sent as a number', async () => {
			const { record } = await createThenGet({ last_name: 'Amount', status: 'New', opportunity_amount: '1500000.5' });
			expect(Number(record.opportunity_amount)).toBe(1500000.5);
		});

		it('null in an optional field is not sent; the rest is saved', async () => {
			const { record } = await createThenGet({ last_name: 'Nully', status: 'New', description: '={{ null }}' });
			expect(record.last_name).toBe('Nully');
			const save = h.sandbox.log.find((e) => e.method === 'Save');
			expect(save?.body).toEqual({ last_name: 'Nully', status: 'New' });
		});

		it.each([
			['2024-03-20', '2024-03-20'],
			['2024-03-20T10:30:00+03:30', '2024-03-20'],
			['2024-03-20T10:30:00Z', '2024-03-20'],
		])('ISO date %s is accepted into a date field as %s', async (input, stored) => {
			const { record } = await createThenGet({ last_name: 'Dated', status: 'New', birthdate: input });
			expect(record.birthdate).toBe(stored);
		});

		it('an enum given by its label is sent as its key', async () => {
			const labels = await h.runNode({ resource: 'Leads', operation: 'getFields' });
			const status = labels.json().find((f) => f.name === 'status') as { options: Array<{ value: string; label: string }> };
			const option = status.options.find((o) => o.value !== o.label);
			if (!option) return; // every label equals its key on this server: nothing to convert
			const { record } = await createThenGet({ last_name: 'Labelled', status: option.label });
			expect(record.status).toBe(option.value);
		});
	});

	it('the log shows the only calls of a rejected Create: metadata, never a Save', async () => {
		await runExpectingError(h, createLead({ last_name: 'X', status: 'New', birthdate: '1403/01/01' }));
		expect(methodsOf(h.sandbox).filter((m) => m !== 'Login')).toEqual(['GetModuleFields']);
	});
});
