/**
 * Batching across items: Get reads many items' ids in one Retrieve per 300 ids,
 * Create or Update batches its lookups and keeps items sharing a match value in input order,
 * Update and Delete stay one call per item. Every test counts calls in the sandbox log, so
 * each would fail if the node went item by item again.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { listFields } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());
beforeEach(() => {
	h.sandbox.reset({ seed: false });
	h.sandbox.clearLog();
});

const retrieves = () => h.sandbox.log.filter((e) => e.method === 'Retrieve');
const saves = () => h.sandbox.log.filter((e) => e.method === 'Save' && e.httpMethod !== 'DELETE');
const queryOf = (entry: { body: unknown }) => String((entry.body as { query?: unknown })?.query ?? '');
const paired = (count: number) => Array.from({ length: count }, (_, item) => ({ item }));

function insertLeads(count: number, tag = 'Batch'): string[] {
	return Array.from({ length: count }, (_, i) =>
		String(h.sandbox.insert('Leads', { first_name: tag, last_name: `${tag} ${i}`, status: 'New' }).id),
	);
}

const getById: INodeParameters = { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}' };

describe('Get with many input items', () => {
	it('reads 650 ids in exactly 3 Retrieve calls (300 + 300 + 50), records in input order with pairedItem', async () => {
		// Input order is the reverse of the store order, so an order taken from the server would show.
		const ids = insertLeads(650).reverse();
		h.sandbox.clearLog();

		const result = (
			await h.runNode(
				getById,
				ids.map((id) => ({ id })),
			)
		).assertSuccess();

		const items = result.items();
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(items.map((i) => i.pairedItem)).toEqual(paired(650));
		expect(items[0].json).toMatchObject({ last_name: 'Batch 649', status: 'New' });
		// Item by item this would be 650 Retrieve calls.
		expect(retrieves()).toHaveLength(3);
		expect(retrieves().map((e) => queryOf(e).match(/'[^']+'/g)?.length)).toEqual([300, 300, 50]);
		expect(queryOf(retrieves()[0])).toMatch(/\bid IN \(/i);
	});

	it('mixed found and missing ids with Continue On Fail: each missing id fails its own item, the others succeed', async () => {
		const ids = insertLeads(4);
		const input = [ids[0], 'missing-a', ids[1], ids[2], 'missing-b', ids[3]].map((id) => ({ id }));
		h.sandbox.clearLog();

		const result = (await h.runNode(getById, input, { continueOnFail: true })).assertSuccess();

		const items = result.items();
		expect(items.map((i) => i.pairedItem)).toEqual(paired(6));
		expect(items.map((i) => (i.json.error === undefined ? i.json.id : 'error'))).toEqual([
			ids[0],
			'error',
			ids[1],
			ids[2],
			'error',
			ids[3],
		]);
		expect((items[1].error as { description?: string }).description).toMatch(/record missing-a/);
		expect((items[4].error as { description?: string }).description).toMatch(/record missing-b/);
		expect((items[4].error as { description?: string }).description).toMatch(/SarvCRM error code 22/);
		expect(retrieves()).toHaveLength(1);
	});

	it('without Continue On Fail the node stops on the first missing item, naming it', async () => {
		const ids = insertLeads(3);
		h.sandbox.clearLog();

		const result = await h.runNode(
			getById,
			[ids[0], ids[1], 'gone-1', ids[2], 'gone-2'].map((id) => ({ id })),
		);

		expect(result.status).toBe('error');
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		expect((result.error as { description?: string }).description).toMatch(/record gone-1/);
		expect(retrieves()).toHaveLength(1);
	});

	it('duplicate ids each get their record; the id is asked once', async () => {
		const ids = insertLeads(2);
		const input = [ids[0], ids[1], ids[0], ids[0], ids[1]];
		h.sandbox.clearLog();

		const result = (
			await h.runNode(
				getById,
				input.map((id) => ({ id })),
			)
		).assertSuccess();

		expect(result.items().map((i) => i.json.id)).toEqual(input);
		expect(result.items().map((i) => i.pairedItem)).toEqual(paired(5));
		expect(retrieves()).toHaveLength(1);
		expect(queryOf(retrieves()[0]).match(/'[^']+'/g)).toHaveLength(2);
	});

	it('Output "Selected Fields" is asked in the batched call (selected_fields) and shapes each item', async () => {
		const ids = insertLeads(3);
		h.sandbox.clearLog();

		const params = { ...getById, output: 'selected', selectedFields: ['last_name', 'status'] };
		const out = (
			await h.runNode(
				params,
				ids.map((id) => ({ id })),
			)
		)
			.assertSuccess()
			.json();

		expect(out.map((o) => o.id)).toEqual(ids);
		expect(
			out.map((o) =>
				Object.keys(o)
					.filter((k) => k !== 'url')
					.sort(),
			),
		).toEqual(ids.map(() => ['id', 'last_name', 'status']));
		expect(retrieves()).toHaveLength(1);
		expect((retrieves()[0].body as { selected_fields?: string[] }).selected_fields).toEqual(['id', 'last_name', 'status']);
	});

	it('a batch call that fails (HTTP 502) fails every item of that batch, Continue On Fail per item, pairing kept', async () => {
		const ids = insertLeads(650);
		h.sandbox.clearLog();
		h.sandbox.failNext(1, { type: 'status', status: 502 }, 'Retrieve');

		const result = (
			await h.runNode(
				getById,
				ids.map((id) => ({ id })),
				{ continueOnFail: true },
			)
		).assertSuccess();

		const items = result.items();
		expect(items).toHaveLength(650);
		expect(items.map((i) => i.pairedItem)).toEqual(paired(650));
		// The first batch (items 0–299) carries the failure; item by item, only item 0 would.
		const failed = items.flatMap((item, index) => (item.json.error === undefined ? [] : [index]));
		expect(failed).toEqual(Array.from({ length: 300 }, (_, i) => i));
		for (const index of [0, 150, 299]) expect((items[index].error as { description?: string }).description).toMatch(/HTTP 502/);
		expect(items.slice(300).map((i) => i.json.id)).toEqual(ids.slice(300));
		expect(retrieves().filter((e) => e.status === 502)).toHaveLength(1);
	});
});

const upsertContacts = (matchFields: string[], options: INodeParameters = {}): INodeParameters => ({
	resource: 'Contacts',
	operation: 'upsert',
	fieldsInput: 'list',
	matchFields,
	fields: listFields([
		{ name: 'email1', value: '={{ $json.email }}' },
		{ name: 'last_name', value: '={{ $json.name }}' },
	]),
	// These cases are about lookups and one Save per item: Bulk Write has its own suite (bulk.test.ts).
	options: { bulkWrite: false, ...options },
});

describe('Create or Update with many input items', () => {
	it.each([1, 4, 20])(
		'200 items, each email twice (some differing in case), maxParallel %i: no duplicate, first creates, second updates',
		async (maxParallel) => {
			const unique = 100;
			const email = (i: number) => `twice.${maxParallel}.${i}@example.com`;
			// Each email at i and i + 100; every other second occurrence in upper case.
			const input = Array.from({ length: 2 * unique }, (_, n) => {
				const i = n % unique;
				const second = n >= unique;
				return { email: second && i % 2 ? email(i).toUpperCase() : email(i), name: `${second ? 'Second' : 'First'} ${i}` };
			});

			const result = (await h.runNode(upsertContacts(['email1'], { maxParallel }), input)).assertSuccess();

			const out = result.items();
			expect(out.map((i) => i.pairedItem)).toEqual(paired(2 * unique));
			expect(out.slice(0, unique).map((i) => i.json.upsertResult)).toEqual(Array(unique).fill('created'));
			expect(out.slice(unique).map((i) => i.json.upsertResult)).toEqual(Array(unique).fill('updated'));
			expect(out.slice(unique).map((i) => i.json.id)).toEqual(out.slice(0, unique).map((i) => i.json.id));

			const stored = h.sandbox.records('Contacts');
			const byEmail = new Map<string, number>();
			for (const c of stored) byEmail.set(String(c.email1).toLowerCase(), (byEmail.get(String(c.email1).toLowerCase()) ?? 0) + 1);
			expect(stored).toHaveLength(unique);
			expect([...byEmail.values()].every((n) => n === 1)).toBe(true);
			expect(stored.every((c) => String(c.last_name).startsWith('Second '))).toBe(true);

			// Lookups: ceil(100 / 300) = 1 Retrieve (+ at most one confirming call); item by item, 200.
			expect(retrieves().length).toBeGreaterThanOrEqual(1);
			expect(retrieves().length).toBeLessThanOrEqual(2);
			expect(saves()).toHaveLength(2 * unique);
			expect(h.sandbox.maxInFlight).toBeLessThanOrEqual(maxParallel);
		},
	);

	it('values that differ only in case or trailing spaces are one match, as the database compares them', async () => {
		const existing = String(h.sandbox.insert('Contacts', { last_name: 'Padded', email1: 'pad@example.com' }).id);
		const input = [
			{ email: 'pad@example.com  ', name: 'Padded 1' },
			{ email: 'PAD@example.com', name: 'Padded 2' },
		];
		const out = (await h.runNode(upsertContacts(['email1']), input)).assertSuccess().items();
		expect(out.map((i) => [i.json.upsertResult, i.json.id])).toEqual([
			['updated', existing],
			['updated', existing],
		]);
		expect(h.sandbox.records('Contacts').filter((c) => String(c.email1).toLowerCase().trim() === 'pad@example.com')).toHaveLength(1);
	});

	it('350 distinct emails, half existing: 2 lookup calls (300 + 50), 350 saves', async () => {
		const email = (i: number) => `half.${i}@example.com`;
		for (let i = 0; i < 350; i += 2) h.sandbox.insert('Contacts', { last_name: `Old ${i}`, email1: email(i) });
		h.sandbox.clearLog();

		const input = Array.from({ length: 350 }, (_, i) => ({ email: email(i), name: `New ${i}` }));
		const out = (await h.runNode(upsertContacts(['email1']), input)).assertSuccess().json();

		expect(out.map((o) => o.upsertResult)).toEqual(input.map((_, i) => (i % 2 ? 'created' : 'updated')));
		expect(h.sandbox.records('Contacts')).toHaveLength(350);
		const lookups = retrieves();
		expect(lookups.length).toBeGreaterThanOrEqual(2);
		expect(lookups.length).toBeLessThanOrEqual(3);
		expect(lookups.slice(0, 2).map((e) => queryOf(e).match(/'[^']+'/g)?.length)).toEqual([300, 50]);
		expect(saves()).toHaveLength(350);
	});

	it('two match fields: one lookup with (a AND b) OR …, matched case-insensitively per tuple', async () => {
		const smith = String(h.sandbox.insert('Contacts', { last_name: 'Smith', email1: 'pair@example.com' }).id);
		h.sandbox.clearLog();
		const input = [
			{ email: 'pair@example.com', name: 'Smith' },
			{ email: 'pair@example.com', name: 'Jones' },
			{ email: 'PAIR@example.com', name: 'SMITH' },
			{ email: 'fresh@example.com', name: 'Lee' },
			{ email: 'pair@example.com', name: 'jones' },
		];

		const out = (await h.runNode(upsertContacts(['email1', 'last_name'], { maxParallel: 20 }), input)).assertSuccess().items();

		expect(out.map((o) => o.json.upsertResult)).toEqual(['updated', 'created', 'updated', 'created', 'updated']);
		expect(out.map((o) => o.pairedItem)).toEqual(paired(5));
		expect(out[0].json.id).toBe(smith);
		expect(out[2].json.id).toBe(smith);
		expect(out[4].json.id).toBe(out[1].json.id);
		expect(h.sandbox.records('Contacts')).toHaveLength(3);
		const lookups = retrieves();
		expect(lookups.length).toBeGreaterThanOrEqual(1);
		expect(lookups.length).toBeLessThanOrEqual(2);
		expect(queryOf(lookups[0])).toMatch(/\bAND\b[\s\S]*\bOR\b/i);
		expect(saves()).toHaveLength(5);
	});

	it('an ambiguous match (two records) fails only that item with code 50; Update All Matches updates both', async () => {
		h.sandbox.insert('Contacts', { last_name: 'Twin A', email1: 'twins@example.com' });
		h.sandbox.insert('Contacts', { last_name: 'Twin B', email1: 'twins@example.com' });
		const input = [
			{ email: 'solo@example.com', name: 'Solo' },
			{ email: 'twins@example.com', name: 'Merged' },
			{ email: 'other@example.com', name: 'Other' },
		];
		h.sandbox.clearLog();

		const failed = (await h.runNode(upsertContacts(['email1']), input, { continueOnFail: true })).assertSuccess().items();
		expect(failed.map((o) => o.pairedItem)).toEqual(paired(3));
		expect(failed.map((o) => o.json.upsertResult ?? 'error')).toEqual(['created', 'error', 'created']);
		expect((failed[1].error as { description?: string }).description).toMatch(/SarvCRM error code 50/);
		expect(h.sandbox.records('Contacts').filter((c) => c.last_name === 'Merged')).toHaveLength(0);
		expect(retrieves().length).toBeLessThanOrEqual(2);

		const stopped = await h.runNode(upsertContacts(['email1']), input);
		expect(stopped.status).toBe('error');
		expect((stopped.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);

		h.sandbox.clearLog();
		const all = (await h.runNode(upsertContacts(['email1'], { updateAllMatches: true }), input)).assertSuccess().items();
		expect(all.map((o) => [o.pairedItem, o.json.upsertResult])).toEqual([
			[{ item: 0 }, 'updated'],
			[{ item: 1 }, 'updated'],
			[{ item: 1 }, 'updated'],
			[{ item: 2 }, 'updated'],
		]);
		expect(h.sandbox.records('Contacts').filter((c) => c.last_name === 'Merged')).toHaveLength(2);
		expect(saves()).toHaveLength(4);
	});

	it('a failing lookup batch fails every item of it, and nothing is saved for them', async () => {
		h.sandbox.failNext(1, { type: 'status', status: 502 }, 'Retrieve');
		const input = Array.from({ length: 5 }, (_, i) => ({ email: `fail.${i}@example.com`, name: `Fail ${i}` }));

		const out = (await h.runNode(upsertContacts(['email1']), input, { continueOnFail: true })).assertSuccess().items();

		expect(out.map((o) => o.pairedItem)).toEqual(paired(5));
		expect(out.every((o) => /HTTP 502/.test(String((o.error as { description?: string } | undefined)?.description)))).toBe(true);
		expect(saves()).toHaveLength(0);
		expect(h.sandbox.records('Contacts')).toHaveLength(0);
	});
});

describe('Update and Delete with many input items stay one call per item', () => {
	it('Update of 25 items without Bulk Write (a version 1.1 node): 25 Saves, no Retrieve', async () => {
		const ids = insertLeads(25);
		h.sandbox.clearLog();
		const update = {
			resource: 'Leads',
			operation: 'update',
			recordId: '={{ $json.id }}',
			fieldsInput: 'list',
			fields: listFields([{ name: 'status', value: 'Assigned' }]),
		};

		const out = (
			await h.runNode(
				update,
				ids.map((id) => ({ id })),
				{ typeVersion: 1.1 },
			)
		)
			.assertSuccess()
			.items();

		expect(out.map((o) => o.json.id)).toEqual(ids);
		expect(saves().map((e) => e.id)).toEqual(expect.arrayContaining(ids));
		expect(saves()).toHaveLength(25);
		expect(retrieves()).toHaveLength(0);
		expect(h.sandbox.records('Leads').every((l) => l.status === 'Assigned')).toBe(true);
	});

	it('Delete of 25 items: 25 delete calls', async () => {
		const ids = insertLeads(25);
		h.sandbox.clearLog();

		const out = (
			await h.runNode(
				{ resource: 'Leads', operation: 'delete', recordId: '={{ $json.id }}' },
				ids.map((id) => ({ id })),
			)
		)
			.assertSuccess()
			.json();

		expect(out).toEqual(ids.map((id) => ({ id, deleted: true })));
		expect(
			h.sandbox.log
				.filter((e) => e.httpMethod === 'DELETE')
				.map((e) => e.id)
				.sort(),
		).toEqual([...ids].sort());
	});
});
