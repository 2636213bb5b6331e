/**
 * Record Deleted and Any Change, driven as n8n drives an active polling workflow: deleted rows
 * come through service2 with their own checkpoint, each deletion once, none lost to a failed
 * poll; a server that shows no deleted rows fails loudly instead of going quiet.
 */
import type { IDataObject } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';

let h: Harness;
beforeEach(async () => {
	h = await startHarness();
});
afterEach(async () => await h.close());

type Items = Array<Array<{ json: IDataObject }>> | null;
const params = (event: string, resource = 'Leads', extra: IDataObject = {}) => ({ resource, event, ...extra });
const jsons = (items: Items) => (items?.[0] ?? []).map((i) => i.json);
const ids = (items: Items) => jsons(items).map((j) => String(j.id));
const lead = (name: string) => String(h.sandbox.insert('Leads', { last_name: name, status: 'New' }).id);
const unavailable = { type: 'status', status: 503, body: { status: 503, message: 'Service Unavailable' } } as const;

/** A deleted Lead before activation: what proves the server lists deleted rows. */
async function activate(event: string, resource = 'Leads', extra: IDataObject = {}) {
	const old = String(h.sandbox.insert(resource, { last_name: 'Deleted before', name: 'Deleted before', status: 'New' }).id);
	h.sandbox.remove(resource, old);
	h.sandbox.advanceClock(1000);
	const first = await h.poll('sarvCrmTrigger', params(event, resource, extra));
	expect(first.items).toBeNull();
	return first.staticData;
}

it('each deletion arrives once over many polls, one of them failed, with id, module, time and fields', async () => {
	const live = Array.from({ length: 12 }, (_, i) => lead(`Doomed ${i}`));
	let state = await activate('deleted');
	const deleted: string[] = [];
	const emitted: IDataObject[] = [];
	for (let round = 0; round < 6; round++) {
		h.sandbox.advanceClock(20_000);
		for (const id of live.splice(0, 2)) {
			h.sandbox.remove('Leads', id);
			deleted.push(id);
		}
		if (round === 3) {
			// The failed poll: no event, no state change; the next poll has both rounds' deletions.
			h.sandbox.failNext(1, unavailable, 'service2.get_entry_list');
			await expect(h.poll('sarvCrmTrigger', params('deleted'), state)).rejects.toThrow();
			continue;
		}
		const polled = await h.poll('sarvCrmTrigger', params('deleted'), state);
		emitted.push(...jsons(polled.items));
		state = polled.staticData;
		const again = await h.poll('sarvCrmTrigger', params('deleted'), state);
		expect(again.items).toBeNull();
		state = again.staticData;
	}
	expect(emitted.map((j) => j.id)).toEqual(deleted);
	const first = emitted[0];
	expect(first).toMatchObject({ event: 'deleted', id: deleted[0], module: 'Leads', deleted: '1', last_name: 'Doomed 0' });
	expect(Date.parse(String(first.deletedAt))).toBe(Date.parse(String(h.sandbox.getRecord('Leads', deleted[0])?.date_modified)));
	// The deleted stream has its own checkpoint beside the live one's (none for Record Deleted).
	expect((state['node:SarvCRM Trigger'] as IDataObject).deleted).toEqual(expect.objectContaining({ checkpoint: expect.any(Number) }));
});

it('reads deleted rows across service2 pages, under a page cap below the asked size', async () => {
	h.sandbox.setProfile({ pageCap: 20 });
	const doomed = Array.from({ length: 45 }, (_, i) => lead(`Paged ${i}`));
	const state = await activate('deleted');
	h.sandbox.advanceClock(1000);
	for (const id of doomed) h.sandbox.remove('Leads', id);
	expect(ids((await h.poll('sarvCrmTrigger', params('deleted'), state)).items)).toEqual(doomed);
});

it('Any Change: a deletion and an update in the same poll window both arrive, tagged, oldest first', async () => {
	const updated = lead('Updated');
	const doomed = lead('Doomed');
	const state = await activate('anyChange');
	h.sandbox.advanceClock(1000);
	h.sandbox.update('Leads', updated, { status: 'Assigned' });
	h.sandbox.advanceClock(1000);
	h.sandbox.remove('Leads', doomed);
	h.sandbox.advanceClock(1000);
	const created = lead('Created');
	const polled = await h.poll('sarvCrmTrigger', params('anyChange'), state);
	expect(jsons(polled.items).map((j) => [j.event, j.id])).toEqual([
		['updated', updated],
		['deleted', doomed],
		['created', created],
	]);
	expect(jsons(polled.items)[0]).toMatchObject({ module: 'Leads', status: 'Assigned' });
	expect((await h.poll('sarvCrmTrigger', params('anyChange'), polled.staticData)).items).toBeNull();
});

it('Any Change: a failure in either listing moves neither checkpoint', async () => {
	const updated = lead('Updated');
	const doomed = lead('Doomed');
	const state = await activate('anyChange');
	h.sandbox.advanceClock(1000);
	h.sandbox.update('Leads', updated, { status: 'Assigned' });
	h.sandbox.remove('Leads', doomed);
	for (const method of ['Retrieve', 'service2.get_entry_list']) {
		h.sandbox.failNext(1, unavailable, method);
		await expect(h.poll('sarvCrmTrigger', params('anyChange'), state)).rejects.toThrow();
	}
	const polled = await h.poll('sarvCrmTrigger', params('anyChange'), state);
	expect(ids(polled.items).sort()).toEqual([updated, doomed].sort());
});

it('the filters apply to deleted rows too', async () => {
	const wanted = String(h.sandbox.insert('Leads', { last_name: 'Wanted', status: 'New', lead_source: 'Web Site' }).id);
	const other = String(h.sandbox.insert('Leads', { last_name: 'Other', status: 'New', lead_source: 'Cold Call' }).id);
	const filters = { filters: { conditions: [{ field: 'lead_source', operator: 'equals', value: 'Web Site' }] } };
	const state = await activate('deleted', 'Leads', filters);
	h.sandbox.advanceClock(1000);
	h.sandbox.remove('Leads', wanted);
	h.sandbox.remove('Leads', other);
	expect(ids((await h.poll('sarvCrmTrigger', params('deleted', 'Leads', filters), state)).items)).toEqual([wanted]);
});

it('"Fetch Test Event" returns the newest deleted record', async () => {
	const id = lead('Newest deleted');
	h.sandbox.remove('Leads', id);
	const manual = await h.poll('sarvCrmTrigger', params('deleted'), {}, { mode: 'manual' });
	expect(jsons(manual.items)).toEqual([expect.objectContaining({ event: 'deleted', id, module: 'Leads' })]);
});

describe('a server that shows no deleted rows fails loudly', () => {
	const message = /service2 shows no deleted Leads records, so this trigger cannot see deletions/;
	const probe = /npm run probe/;

	for (const event of ['deleted', 'anyChange']) {
		it(`${event}: service2 hides deleted rows: activation and Fetch Test Event fail`, async () => {
			h.sandbox.setProfile({ deletedRows: 'hidden' });
			h.sandbox.remove('Leads', lead('Deleted'));
			for (const mode of ['trigger', 'manual'] as const) {
				const error = await h.poll('sarvCrmTrigger', params(event), {}, { mode }).catch((e: Error) => e);
				expect((error as Error).name).toBe('NodeApiError');
				expect((error as Error).message).toMatch(message);
				expect(String((error as { description?: string }).description)).toMatch(probe);
			}
		});
	}

	it('nothing deleted in the module yet: the same error, saying so', async () => {
		const error = await h.poll('sarvCrmTrigger', params('deleted', 'Cases')).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/no deleted Cases records.*or none of this module was deleted yet/);
	});

	it('no service2 at all: the error says deletions need it and names the probe', async () => {
		h.sandbox.remove('Leads', lead('Deleted'));
		h.sandbox.setProfile({ service2: 'absent' });
		const error = await h.poll('sarvCrmTrigger', params('deleted')).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/Record Deleted needs SarvCRM's service2: SarvCRM has no service2/);
		expect(String((error as { description?: string }).description)).toMatch(probe);
	});

	it('a row listed as deleted without deleted = 1 is never emitted as a deletion', async () => {
		const state = await activate('deleted');
		const id = lead('Live');
		// A server that ignores the query's deleted condition: the live row comes back.
		h.sandbox.failNext(1, { type: 'status', status: 200, body: liveRowReply(id) }, 'service2.get_entry_list');
		const error = await h.poll('sarvCrmTrigger', params('deleted'), state).catch((e: Error) => e);
		expect((error as Error).message).toMatch(new RegExp(`listed Leads record ${id} as deleted, but its "deleted" field is "0"`));
	});
});

function liveRowReply(id: string): IDataObject {
	const nv = (name: string, value: string) => ({ name, value });
	return {
		result_count: 1,
		next_offset: 1,
		entry_list: [{ id, module_name: 'Leads', name_value_list: { id: nv('id', id), deleted: nv('deleted', '0') } }],
		relationship_list: [],
	};
}

describe('under timeStorage=tehran (WHERE literals read as Tehran wall time)', () => {
	const TEN_MINUTES = 10 * 60_000;
	beforeEach(() => {
		h.sandbox.setProfile({ timeStorage: 'tehran' });
	});

	for (const event of ['deleted', 'anyChange']) {
		it(`${event}: deletions ten minutes apart are each emitted once`, async () => {
			const live = Array.from({ length: 4 }, (_, i) => lead(`Tehran ${i}`));
			h.sandbox.advanceClock(TEN_MINUTES);
			let state = await activate(event);
			const emitted: string[] = [];
			for (const id of live) {
				h.sandbox.advanceClock(TEN_MINUTES);
				h.sandbox.remove('Leads', id);
				for (let i = 0; i < 2; i++) {
					const polled = await h.poll('sarvCrmTrigger', params(event), state);
					emitted.push(...jsons(polled.items).map((j) => `${String(j.event)} ${String(j.id)}`));
					state = polled.staticData;
				}
			}
			expect(emitted).toEqual(live.map((id) => `deleted ${id}`));
			// The deleted stream learned the server's comparison, as the live one does.
			expect((state['node:SarvCRM Trigger'] as { deleted: IDataObject }).deleted.sqlOffsetMinutes).toBe(210);
		});
	}
});
