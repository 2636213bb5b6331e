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
	/** Sandbox methods that write */
	writes: string[];
	/** The node's parameters and the 50 input items (item 30 bad); the error item 30 must give */
	setUp(): { parameters: INodeParameters; items: IDataObject[]; error: RegExp };
}

const CASES: Case[] = [
	{
		name: 'Create',
		writes: ['Save'],
		setUp: () => ({
			parameters: { resource: 'Leads', operation: 'create', fieldsInput: 'list', fields: fieldList({ last_name: '={{ $json.name }}', status: '={{ $json.status }}' }) },
			items: each((i) => ({ name: `Create-${i}`, status: i === BAD ? 'NotAStatus' : 'New' })),
			error: /"status".*"NotAStatus"/,
		}),
	},
	{
		name: 'Update',
		writes: ['Save'],
		setUp: () => {
			const ids = leads('Update');
			return {
				parameters: { resource: 'Leads', operation: 'update', recordId: '={{ $json.id }}', fieldsInput: 'list', fields: fieldList({ status: '={{ $json.status }}' }) },
				items: ids.map((id, i) => ({ id, status: i === BAD ? 'NotAStatus' : 'Converted' })),
				error: /"status".*"NotAStatus"/,
			};
		},
	},
	{
		name: 'Delete',
		writes: ['Save'],
		setUp: () => {
			const ids = leads('Delete');
			return {
				parameters: { resource: 'Leads', operation: 'delete', recordId: '={{ $json.id }}' },
				items: ids.map((id, i) => ({ id: i === BAD ? 'not an id!' : id })),
				error: /is not a SarvCRM ID/,
			};
		},
	},
	{
		name: 'Create or Update',
		writes: ['Save'],
		setUp: () => ({
			parameters: {
				resource: 'Leads',
				operation: 'upsert',
				fieldsInput: 'list',
				fields: fieldList({ last_name: '={{ $json.name }}', email1: '={{ $json.email }}', status: 'New' }),
				matchFields: ['email1'],
			},
			items: each((i) => ({ name: `Upsert-${i}`, email: i === BAD ? '' : `upsert-${i}@example.com` })),
			error: /Match field "email1" has no value/,
		}),
	},
	{
		name: 'Link Related Records',
		writes: ['SaveRelationships'],
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
			};
		},
	},
];

const writesOf = (c: Case) => h.sandbox.log.filter((e) => c.writes.includes(e.method)).length;

describe.each(CASES.map((c) => [c.name, c] as const))('%s: item 30 of 50 is bad', (_name, c) => {
	it('without Continue On Fail: the run fails with item 30, nothing is written', async () => {
		const { parameters, items, error } = c.setUp();
		h.sandbox.clearLog();
		const result = await h.runNode({ ...parameters, options: { maxParallel: 4 } }, items);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(error);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(BAD);
		expect(writesOf(c)).toBe(0);
	});

	it('with Continue On Fail: 49 written once each, item 30 an error item', async () => {
		const { parameters, items, error } = c.setUp();
		h.sandbox.clearLog();
		const result = await h.runNode({ ...parameters, options: { maxParallel: 4 } }, items, { continueOnFail: true });
		const out = result.assertSuccess().items();
		expect(out).toHaveLength(COUNT);
		expect(out.map((i) => i.pairedItem)).toEqual(each((i) => ({ item: i })));
		expect(result.itemErrors()).toEqual([{ index: BAD, error: expect.stringMatching(error) }]);
		expect(writesOf(c)).toBe(COUNT - 1);
	});
});
