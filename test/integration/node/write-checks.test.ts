/**
 * Nothing half-written on bad input: for every write operation, 50 items of which item 30 is
 * bad. Without Continue On Fail the run fails with item 30's error and nothing is written;
 * with it, the 49 good items are written once each and item 30 is an error item.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());

const COUNT = 50;
const BAD = 30;
const each = <T>(make: (i: number) => T) => Array.from({ length: COUNT }, (_, i) => make(i));

const fieldList = (pairs: Record<string, string>) => ({ field: Object.entries(pairs).map(([name, value]) => ({ name, value })) });

/** The records a write operation needs, made directly in the sandbox store. */
const leads = (tag: string) => each((i) => String(h.sandbox.insert('Leads', { last_name: `${tag}-${i}`, status: 'New' }).id));

interface Case {
	name: string;
	/** The node's parameters and the 50 input items (item 30 bad); the error item 30 must give; how many were written */
	setUp(): { parameters: INodeParameters; items: IDataObject[]; error: RegExp; written(): number };
}

let runs = 0;
const leadsNamed = (prefix: string) => h.sandbox.records('Leads').filter((r) => String(r.last_name).startsWith(prefix)).length;

const CASES: Case[] = [
	{
		name: 'Create',
		setUp: () => {
			const tag = `Create${++runs}-`;
			return {
				parameters: {
					resource: 'Leads',
					operation: 'create',
					fieldsInput: 'list',
					fields: fieldList({ last_name: '={{ $json.name }}', status: '={{ $json.status }}' }),
				},
				items: each((i) => ({ name: `${tag}${i}`, status: i === BAD ? 'NotAStatus' : 'New' })),
				error: /"status".*"NotAStatus"/,
				written: () => leadsNamed(tag),
			};
		},
	},
	{
		name: 'Update',
		setUp: () => {
			const ids = leads('Update');
			return {
				parameters: {
					resource: 'Leads',
					operation: 'update',
					recordId: '={{ $json.id }}',
					fieldsInput: 'list',
					fields: fieldList({ status: '={{ $json.status }}' }),
				},
				items: ids.map((id, i) => ({ id, status: i === BAD ? 'NotAStatus' : 'Converted' })),
				error: /"status".*"NotAStatus"/,
				written: () => ids.filter((id) => h.sandbox.getRecord('Leads', id)?.status === 'Converted').length,
			};
		},
	},
	{
		name: 'Delete',
		setUp: () => {
			const ids = leads('Delete');
			const live = new Set(h.sandbox.records('Leads').map((r) => String(r.id)));
			return {
				parameters: { resource: 'Leads', operation: 'delete', recordId: '={{ $json.id }}' },
				items: ids.map((id, i) => ({ id: i === BAD ? 'not an id!' : id })),
				error: /is not a SarvCRM ID/,
				written: () => {
					const now = new Set(h.sandbox.records('Leads').map((r) => String(r.id)));
					return ids.filter((id) => live.has(id) && !now.has(id)).length;
				},
			};
		},
	},
	{
		name: 'Create or Update',
		setUp: () => {
			const tag = `upsert${++runs}`;
			return {
				parameters: {
					resource: 'Leads',
					operation: 'upsert',
					fieldsInput: 'list',
					fields: fieldList({ last_name: '={{ $json.name }}', email1: '={{ $json.email }}', status: 'New' }),
					matchFields: ['email1'],
				},
				items: each((i) => ({ name: `Upsert-${i}`, email: i === BAD ? '' : `${tag}-${i}@example.com` })),
				error: /Match field "email1" has no value/,
				written: () => h.sandbox.records('Leads').filter((r) => String(r.email1 ?? '').startsWith(`${tag}-`)).length,
			};
		},
	},
	{
		name: 'Link Related Records',
		setUp: () => {
			const contact = String(h.sandbox.insert('Contacts', { last_name: 'Linked' }).id);
			const accounts = each((i) => String(h.sandbox.insert('Accounts', { name: `Link-${i}` }).id));
			return {
				parameters: {
					resource: 'Accounts',
					operation: 'linkRelated',
					recordId: '={{ $json.id }}',
					relatedField: 'contacts',
					relatedRecords: { record: [{ id: '={{ $json.contact }}', attributes: '{}' }] },
				},
				items: accounts.map((id, i) => ({ id, contact: i === BAD ? '' : contact })),
				error: /Related record 1 has no ID/,
				written: () => h.sandbox.log.filter((e) => e.method === 'SaveRelationships').length,
			};
		},
	},
];

// Version 1.1 writes one call per item; 1.2 with Bulk Write in set_entries batches (service2).
describe.each([
	['one call per item (v1.1)', 1.1],
	['Bulk Write (v1.2)', 1.2],
] as const)('%s', (_mode, typeVersion) => {
	describe.each(CASES.map((c) => [c.name, c] as const))('%s: item 30 of 50 is bad', (_name, c) => {
		it('without Continue On Fail: the run fails with item 30, nothing is written', async () => {
			const { parameters, items, error, written } = c.setUp();
			h.sandbox.clearLog();
			const result = await h.runNode({ ...parameters, options: { maxParallel: 4 } }, items, { typeVersion });
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(error);
			expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(BAD);
			expect(written()).toBe(0);
		});

		it('with Continue On Fail: 49 written once each, item 30 an error item', async () => {
			const { parameters, items, error, written } = c.setUp();
			h.sandbox.clearLog();
			const result = await h.runNode({ ...parameters, options: { maxParallel: 4 } }, items, { continueOnFail: true, typeVersion });
			const out = result.assertSuccess().items();
			expect(out).toHaveLength(COUNT);
			expect(out.map((i) => i.pairedItem)).toEqual(each((i) => ({ item: i })));
			expect(result.itemErrors()).toEqual([{ index: BAD, error: expect.stringMatching(error) }]);
			expect(written()).toBe(COUNT - 1);
		});
	});
});
