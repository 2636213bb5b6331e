/**
 * The trigger driven as n8n drives an active polling workflow: each poll gets the static
 * data the previous one left, and emits each change once, in order.
 */
import type { IDataObject } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeEach(async () => {
	h = await startHarness();
});
afterEach(async () => await h.close());

const params = (event: string, extra: IDataObject = {}) => ({ resource: 'Leads', event, ...extra });
const ids = (items: Array<Array<{ json: IDataObject }>> | null) => (items?.[0] ?? []).map((i) => i.json.id);

async function pollTwice(event: string, between: () => void | Promise<void>, extra: IDataObject = {}) {
	const first = await h.poll('sarvCrmTrigger', params(event, extra));
	expect(first.items).toBeNull(); // first activation: starts from "now", no flood of old records
	await between();
	return await h.poll('sarvCrmTrigger', params(event, extra), first.staticData);
}

it('emits records created between polls, once each and in order', async () => {
	let created: string[] = [];
	const second = await pollTwice('created', () => {
		created = ['A', 'B', 'C'].map((n) => String(h.sandbox.insert('Leads', { last_name: `Trigger ${n}`, status: 'New' }).id));
	});
	expect(ids(second.items)).toEqual(created);
	const third = await h.poll('sarvCrmTrigger', params('created'), second.staticData);
	expect(third.items).toBeNull();
});

it('two edits of one record are two events; a record seen in the overlap is not repeated', async () => {
	const lead = h.sandbox.insert('Leads', { last_name: 'Edited', status: 'New' });
	const id = String(lead.id);
	const first = await h.poll('sarvCrmTrigger', params('updated'));
	// Timestamps have second precision: an edit is told apart by a later second.
	h.sandbox.advanceClock(1000);
	(
		await h.runNode({
			resource: 'Leads',
			operation: 'update',
			recordId: id,
			fieldsInput: 'list',
			fields: { field: [{ name: 'status', value: 'Assigned' }] },
		})
	).assertSuccess();
	const second = await h.poll('sarvCrmTrigger', params('updated'), first.staticData);
	expect(ids(second.items)).toEqual([id]);
	const again = await h.poll('sarvCrmTrigger', params('updated'), second.staticData);
	expect(again.items).toBeNull();
	h.sandbox.advanceClock(1000);
	(
		await h.runNode({
			resource: 'Leads',
			operation: 'update',
			recordId: id,
			fieldsInput: 'list',
			fields: { field: [{ name: 'status', value: 'Converted' }] },
		})
	).assertSuccess();
	const third = await h.poll('sarvCrmTrigger', params('updated'), again.staticData);
	expect(ids(third.items)).toEqual([id]);
	expect(third.items?.[0][0].json.status).toBe('Converted');
});

it('reads across page boundaries without losing or repeating records', async () => {
	let created: string[] = [];
	const second = await pollTwice('createdOrUpdated', () => {
		created = Array.from({ length: 650 }, (_, i) => String(h.sandbox.insert('Leads', { last_name: `Bulk ${i}`, status: 'New' }).id));
	});
	expect(ids(second.items)).toEqual(created);
	expect(
		h.sandbox.log
			.filter((e) => e.method === 'Retrieve')
			.slice(-3)
			.map((e) => (e.body as { offset: number }).offset),
	).toEqual([0, 300, 600]);
});

it('a failed poll moves nothing: the next poll delivers what the failed one missed', async () => {
	const first = await h.poll('sarvCrmTrigger', params('created'));
	const lead = String(h.sandbox.insert('Leads', { last_name: 'Survivor', status: 'New' }).id);
	h.sandbox.failNext(1, { type: 'status', status: 503, body: { status: 503, message: 'Service Unavailable' } }, 'Retrieve');
	await expect(h.poll('sarvCrmTrigger', params('created'), first.staticData)).rejects.toThrow();
	const retry = await h.poll('sarvCrmTrigger', params('created'), first.staticData);
	expect(ids(retry.items)).toEqual([lead]);
});

it('applies the filters with the time window', async () => {
	const second = await pollTwice(
		'created',
		() => {
			h.sandbox.insert('Leads', { last_name: 'Wanted', status: 'New', lead_source: 'Web Site' });
			h.sandbox.insert('Leads', { last_name: 'Other', status: 'New', lead_source: 'Cold Call' });
		},
		{ filters: { conditions: [{ field: 'lead_source', operator: 'equals', value: 'Web Site' }] } },
	);
	expect((second.items?.[0] ?? []).map((i) => i.json.last_name)).toEqual(['Wanted']);
	const query = (
		h.sandbox.log.filter((e) => e.method === 'Retrieve' && (e.body as { order_by?: string } | undefined)?.order_by !== undefined).at(-1)
			?.body as { query: string }
	).query;
	expect(query).toMatch(/^leads\.date_entered >= '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}' AND \(leads\.lead_source = 'Web Site'\)$/);
});

it('"Fetch Test Event" returns the newest record for mapping', async () => {
	const newest = String(h.sandbox.insert('Leads', { last_name: 'Newest', status: 'New' }).id);
	const manual = await h.poll('sarvCrmTrigger', params('createdOrUpdated'), {}, { mode: 'manual' });
	expect(ids(manual.items)).toEqual([newest]);
	expect(manual.items?.[0][0].json.url).toContain(`record=${newest}`);
});
