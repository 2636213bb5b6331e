/**
 * The sandbox's `deletedRows` switch over HTTP: service2's get_entry_list with `deleted` true adds
 * deleted rows (v4 and v4_1) under 'listed', never under 'hidden'; a deletion stamps date_modified.
 */
import type { SarvCrmSandbox } from '../../sandbox';
import { md5, startSandbox } from './helpers';

let sb: SarvCrmSandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.stop());

const service2Url = () => sb.url.replace(/API\.php$/, `service2/v4_1/rest.php?utype=${sb.utype}`);
async function call(method: string, args: Record<string, unknown>): Promise<any> {
	const body = JSON.stringify({ method, input_type: 'JSON', response_type: 'JSON', rest_data: args });
	const res = await fetch(service2Url(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
	return await res.json();
}
async function session(): Promise<string> {
	return (
		await call('login', { user_auth: { user_name: 'admin', password: md5('sarv-demo') }, application_name: 't', name_value_list: [] })
	).id;
}
const list = async (s: string, deleted: unknown, query = "leads.last_name LIKE 'Switch%'") =>
	await call('get_entry_list', {
		session: s,
		module_name: 'Leads',
		query,
		order_by: 'leads.date_entered',
		offset: 0,
		select_fields: ['id', 'deleted', 'date_entered', 'date_modified'],
		link_name_to_fields_array: [],
		max_results: 100,
		deleted,
	});
const rows = (reply: any) =>
	(reply.entry_list as Array<{ id: string; name_value_list: Record<string, { value: string }> }>).map((e) => [
		e.id,
		e.name_value_list.deleted.value,
	]);

let live = '';
let gone = '';
beforeAll(() => {
	sb.reset();
	live = String(sb.insert('Leads', { last_name: 'Switch live', status: 'New' }).id);
	gone = String(sb.insert('Leads', { last_name: 'Switch gone', status: 'New' }).id);
	sb.advanceClock(5000);
	sb.remove('Leads', gone);
});

it('a deletion marks the row deleted and stamps date_modified', () => {
	const row = sb.getRecord('Leads', gone)!;
	expect(row.deleted).toBe('1');
	expect(Date.parse(String(row.date_modified)) - Date.parse(String(row.date_entered))).toBeGreaterThanOrEqual(5000);
});

it("'listed': a true deleted (1, true, '1') adds deleted rows, counted in total_count; false lists live rows only", async () => {
	sb.setProfile({ deletedRows: 'listed' });
	const s = await session();
	for (const flag of [1, true, '1']) {
		const reply = await list(s, flag);
		expect(rows(reply)).toEqual([
			[live, '0'],
			[gone, '1'],
		]);
		expect(reply.total_count).toBe(2);
	}
	expect(rows(await list(s, 0))).toEqual([[live, '0']]);
	expect(rows(await list(s, true, "leads.deleted = 1 AND leads.last_name LIKE 'Switch%'"))).toEqual([[gone, '1']]);
});

it("'hidden': deleted rows never show, whatever the flag", async () => {
	sb.setProfile({ deletedRows: 'hidden' });
	const s = await session();
	expect(rows(await list(s, 1))).toEqual([[live, '0']]);
	expect(rows(await list(s, 1, 'leads.deleted = 1'))).toEqual([]);
	sb.setProfile({ deletedRows: 'listed' });
});
