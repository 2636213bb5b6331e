/**
 * Bulk Write (node version 1.2): a nightly import of leads in set_entries batches, under every
 * way the evidence says a batch can go wrong: a record the server dies on (no transaction, the
 * first part stays written), a connection dropped after writing, a server that ignores the ids
 * the node chose, records the user may not write (skipped silently).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { asAnotherServer } from '../../harness/servers';
import { DEFAULT_PROFILE } from '../../sandbox';
import { createLeads, leadRows, restoreSandbox } from './fixtures';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());
afterEach(() => restoreSandbox(h));

const V12 = { typeVersion: 1.2 };
let runs = 0;
/** A fresh Base URL per test: what the node learns of a server (chosen ids kept or not) starts anew. */
function newServer(): void {
	asAnotherServer(h, `bulk-${++runs}`);
}
beforeEach(newServer);

const importLeads: INodeParameters = createLeads();
const rows = leadRows;
const stored = (tag: string) => h.sandbox.records('Leads').filter((r) => String(r.last_name).startsWith(`${tag}-`));
const calls = (method: string) => h.sandbox.log.filter((e) => e.method === method).length;

describe('Create with Bulk Write', () => {
	it('250 leads: 1 + ceil(249/100) set_entries calls, each lead once, ids the node chose, results in input order', async () => {
		h.sandbox.clearLog();
		const out = (await h.runNode(importLeads, rows('Bulk', 250), V12)).assertSuccess().items();
		expect(calls('service2.set_entries')).toBe(4);
		expect(calls('Save')).toBe(0);
		expect(stored('Bulk')).toHaveLength(250);
		expect(out.map((o) => [o.json.last_name, o.pairedItem])).toEqual(rows('Bulk', 250).map((r, i) => [r.name, { item: i }]));
		const byName = new Map(stored('Bulk').map((r) => [r.last_name, r.id]));
		expect(out.every((o) => byName.get(String(o.json.last_name)) === o.json.id)).toBe(true);
	});

	it('a batch the server dies on at record 37 (its first 36 written): read back and finished, each lead once', async () => {
		(await h.runNode(importLeads, rows('Warm', 2), V12)).assertSuccess();
		h.sandbox.service2.bulkFaults = { failAtRecord: 37 };
		(await h.runNode(importLeads, rows('Dies', 250), V12)).assertSuccess();
		expect(stored('Dies')).toHaveLength(250);
		expect(new Set(stored('Dies').map((r) => r.last_name)).size).toBe(250);
	});

	it('a connection dropped after the batch was written: nothing is written twice', async () => {
		(await h.runNode(importLeads, rows('Warm', 2), V12)).assertSuccess();
		h.sandbox.service2.bulkFaults = { dropAfterWrite: true };
		(await h.runNode(importLeads, rows('Dropped', 150), V12)).assertSuccess();
		expect(stored('Dropped')).toHaveLength(150);
	});

	it('a production run that fails for good half way, then run again on the same rows: exactly one lead per row', async () => {
		(await h.runNode(importLeads, rows('Warm', 2), V12)).assertSuccess();
		h.sandbox.service2.bulkFaults = { failAtRecord: 37 };
		// The re-sent rest fails too: the batch cannot be finished, the run stops.
		h.sandbox.failNext(1, { type: 'status', status: 502 }, 'service2.set_entries');
		// A production execution (n8n keeps its static data): the next one resumes it.
		const production = { mode: 'trigger' as const, workflowId: `bulk-again-${runs}` };
		const first = await h.runNode({ ...importLeads, options: { batchSize: 100, maxParallel: 1 } }, rows('Again', 300), V12, production);
		expect(first.status).toBe('error');
		expect(stored('Again').length).toBeGreaterThanOrEqual(36);
		expect(stored('Again').length).toBeLessThan(300);
		(await h.runNode(importLeads, rows('Again', 300), V12, production)).assertSuccess();
		expect(stored('Again')).toHaveLength(300);
		expect(new Set(stored('Again').map((r) => r.last_name)).size).toBe(300);
	});

	it('a server that ignores chosen ids: found on the first create, the rest one Save each, each lead once', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, newWithId: 'ignored' });
		h.sandbox.clearLog();
		const out = (await h.runNode(importLeads, rows('Own', 30), V12)).assertSuccess().items();
		expect(calls('service2.set_entries')).toBe(1);
		expect(calls('Save')).toBe(29);
		expect(stored('Own')).toHaveLength(30);
		expect(new Set(out.map((o) => o.json.id))).toEqual(new Set(stored('Own').map((r) => r.id)));
	});

	it('records the user may not write are skipped by the server: those items fail, never a success', async () => {
		h.sandbox.service2.bulkFaults = { skip: { field: 'description', value: 'locked' } };
		const input = rows('Skip', 40, (i) => (i % 10 === 3 ? 'locked' : ''));
		const result = await h.runNode(importLeads, input, { ...V12, continueOnFail: true });
		const errors = result.assertSuccess().itemErrors();
		expect(errors.map((e) => e.index)).toEqual([3, 13, 23, 33]);
		expect(String(errors[0].error)).toMatch(/skipped/);
		expect(stored('Skip')).toHaveLength(36);
	});

	it('a server without service2: the same import goes one Save per item', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' });
		h.sandbox.clearLog();
		(await h.runNode(importLeads, rows('NoS2', 20), V12)).assertSuccess();
		expect(calls('Save')).toBe(20);
		expect(stored('NoS2')).toHaveLength(20);
	});

	it('a version 1.1 node (a saved workflow) keeps one Save per item', async () => {
		h.sandbox.clearLog();
		(await h.runNode(importLeads, rows('Old', 20), { typeVersion: 1.1 })).assertSuccess();
		expect(calls('Save')).toBe(20);
		expect(calls('service2.set_entries')).toBe(0);
	});
});

describe('Update and Create or Update with Bulk Write', () => {
	it('120 updates: 2 set_entries calls', async () => {
		const ids = Array.from({ length: 120 }, (_, i) => String(h.sandbox.insert('Leads', { last_name: `Upd-${i}`, status: 'New' }).id));
		h.sandbox.clearLog();
		const update = {
			resource: 'Leads',
			operation: 'update',
			recordId: '={{ $json.id }}',
			fieldsInput: 'list',
			fields: { field: [{ name: 'status', value: 'Converted' }] },
		};
		(
			await h.runNode(
				update,
				ids.map((id) => ({ id })),
				V12,
			)
		).assertSuccess();
		expect(calls('service2.set_entries')).toBe(2);
		expect(ids.every((id) => h.sandbox.getRecord('Leads', id)?.status === 'Converted')).toBe(true);
	});

	it('Create or Update: lookups batched, then waves: items sharing an email create once, then update it', async () => {
		const existing = Array.from({ length: 50 }, (_, i) =>
			h.sandbox.insert('Contacts', { last_name: `Old ${i}`, email1: `wave${i}@example.com` }),
		);
		const input: IDataObject[] = [];
		for (let i = 0; i < 100; i++) input.push({ email: `wave${i}@example.com`, name: `First ${i}` });
		for (let i = 0; i < 100; i++) input.push({ email: `WAVE${i}@example.com`, name: `Second ${i}` });
		const upsert = {
			resource: 'Contacts',
			operation: 'upsert',
			fieldsInput: 'list',
			matchFields: ['email1'],
			fields: {
				field: [
					{ name: 'email1', value: '={{ $json.email }}' },
					{ name: 'last_name', value: '={{ $json.name }}' },
				],
			},
		};
		h.sandbox.clearLog();
		const out = (await h.runNode(upsert, input, V12)).assertSuccess().json();
		expect(out.slice(0, 100).map((o) => o.upsertResult)).toEqual(Array.from({ length: 100 }, (_, i) => (i < 50 ? 'updated' : 'created')));
		expect(out.slice(100).every((o) => o.upsertResult === 'updated')).toBe(true);
		const contacts = h.sandbox.records('Contacts').filter((c) => /^wave\d+@/i.test(String(c.email1)));
		expect(contacts).toHaveLength(100);
		expect(contacts.every((c) => String(c.last_name).startsWith('Second'))).toBe(true);
		expect(existing.every((e) => contacts.some((c) => c.id === e.id))).toBe(true);
		expect(calls('Save')).toBe(0);
	});
});
