/**
 * The sandbox's service2 (`service2/v4_1/rest.php`) over HTTP: both encodings and the profile
 * switch that picks them, errors in an HTTP 200, files seen by v5 Retrieve, and the log.
 */
import { randomBytes } from 'crypto';

import type { SarvCrmSandbox } from '../../sandbox';
import { login as v5Login, md5, request, startSandbox } from './helpers';

let sb: SarvCrmSandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.setProfile({ service2: 'both', uploadLimit: 30_000_000 });
	sb.reset();
	sb.clearLog();
});

const service2Url = () => sb.url.replace(/API\.php$/, `service2/v4_1/rest.php?utype=${sb.utype}`);

interface S2Reply {
	status: number;
	text: string;
	json: any;
}

async function post(body: string, contentType: string): Promise<S2Reply> {
	const res = await fetch(service2Url(), { method: 'POST', headers: { 'Content-Type': contentType }, body });
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

/** SuiteCRM's encoding: form fields, `rest_data` a JSON string of the positional arguments. */
const form = (method: string, args: unknown[]) =>
	post(
		new URLSearchParams({ method, input_type: 'JSON', response_type: 'JSON', rest_data: JSON.stringify(args) }).toString(),
		'application/x-www-form-urlencoded',
	);
/** SarvCRM's customised encoding: a JSON body, `rest_data` the named arguments. */
const json = (method: string, args: Record<string, unknown>) =>
	post(JSON.stringify({ method, input_type: 'JSON', response_type: 'JSON', rest_data: args }), 'application/json');

const auth = (password = 'sarv-demo') => ({ user_name: 'admin', password: md5(password) });
async function session(): Promise<string> {
	const r = await json('login', { user_auth: auth(), application_name: 'test', name_value_list: [] });
	expect(typeof r.json.id).toBe('string');
	return r.json.id as string;
}
const noteId = () => String(sb.insert('Notes', { name: 'Invoice note' }).id);

describe('login and sessions', () => {
	it('logs in with the v5 user and MD5 password in either encoding; a wrong password is 10 in an HTTP 200', async () => {
		const byForm = await form('login', [auth(), 'test', [{ name: 'language', value: 'en_US' }]]);
		expect(byForm.status).toBe(200);
		expect(byForm.json).toEqual(expect.objectContaining({ id: expect.any(String), module_name: 'Users' }));
		expect(byForm.json.server_response_status).toBeUndefined();
		const byJson = await json('login', { user_auth: auth(), application_name: 'test', name_value_list: [] });
		expect(byJson.json).toEqual(expect.objectContaining({ id: expect.any(String), server_response_status: 200 }));
		const wrong = await form('login', [auth('nope'), 'test', []]);
		expect(wrong.status).toBe(200);
		expect(wrong.json).toEqual({ name: 'Invalid Login', number: 10, description: expect.any(String) });
	});

	it('a v5 token is not a service2 session, and an ended or expired session is 11', async () => {
		const token = (await v5Login(sb)).json.data.token as string;
		expect((await json('get_entries_count', { session: token, module_name: 'Leads', query: '', deleted: 0 })).json.number).toBe(11);
		const id = await session();
		expect((await json('get_entries_count', { session: id, module_name: 'Leads', query: '', deleted: 0 })).json.result_count).toBe(
			sb.records('Leads').length,
		);
		sb.service2.expireSessions();
		const expired = await json('get_entries_count', { session: id, module_name: 'Leads', query: '', deleted: 0 });
		expect(expired.status).toBe(200);
		expect(expired.json).toEqual(expect.objectContaining({ name: 'Invalid Session ID', number: 11, server_response_status: 401 }));
		const other = await session();
		await json('logout', { session: other });
		expect((await json('get_entries_count', { session: other, module_name: 'Leads', query: '', deleted: 0 })).json.number).toBe(11);
	});

	it('the admin endpoint expires service2 sessions', async () => {
		const id = await session();
		await fetch(`${sb.adminUrl}/service2/expire-sessions`, { method: 'POST' });
		expect((await form('get_entries_count', [id, 'Leads', '', 0])).json.number).toBe(11);
	});
});

describe('the service2 switch', () => {
	it('form: a JSON body gets what SuiteCRM prints without form fields (HTML, not JSON)', async () => {
		sb.setProfile({ service2: 'form' });
		const r = await json('login', { user_auth: auth(), application_name: 'test' });
		expect(r.status).toBe(200);
		expect(r.json).toBeUndefined();
		expect(r.text).toMatch(/^<pre>Class \[/);
		expect((await form('login', [auth(), 'test', []])).json.id).toEqual(expect.any(String));
	});

	it('json: a form body is an invalid call; a JSON body works', async () => {
		sb.setProfile({ service2: 'json' });
		const r = await form('login', [auth(), 'test', []]);
		expect(r.json).toEqual(expect.objectContaining({ number: '-1', name: expect.stringMatching(/invalid_call/) }));
		expect((await json('login', { user_auth: auth(), application_name: 'test' })).json.id).toEqual(expect.any(String));
	});

	it('absent: HTTP 404, while API.php still answers', async () => {
		sb.setProfile({ service2: 'absent' });
		expect((await form('login', [auth(), 'test', []])).status).toBe(404);
		expect((await json('login', { user_auth: auth() })).status).toBe(404);
		expect((await v5Login(sb)).status).toBe(200);
	});

	it('an unknown method answers unlike a known method with a bad session', async () => {
		const bogus = randomBytes(13).toString('hex');
		for (const call of [(m: string) => form(m, [bogus, 'x']), (m: string) => json(m, { session: bogus })]) {
			expect((await call('get_note_attachment')).json.number).toBe(11);
			expect((await call('no_such_method')).json.number).toBe('-1');
		}
	});

	it('a named argument the method does not take is a PHP fatal error', async () => {
		const r = await json('get_entries_count', { session: 'x', module: 'Leads' });
		expect(r.status).toBe(500);
		expect(r.text).toMatch(/Unknown named parameter \$module/);
	});
});

describe('note attachments', () => {
	it('round-trips a file; v5 Retrieve shows its filename and MIME type and the related record', async () => {
		const id = noteId();
		const lead = String(sb.records('Leads')[0].id);
		const bytes = randomBytes(50_000);
		const s = await session();
		const set = await form('set_note_attachment', [
			s,
			{ id, filename: 'invoice.pdf', file: bytes.toString('base64'), related_module_id: lead, related_module_name: 'Leads' },
		]);
		expect(set.json).toEqual({ id });
		const got = await json('get_note_attachment', { session: s, id });
		expect(got.json.note_attachment).toEqual({
			id,
			filename: 'invoice.pdf',
			file: bytes.toString('base64'),
			related_module_id: lead,
			related_module_name: 'Leads',
		});
		const token = (await v5Login(sb)).json.data.token as string;
		const v5 = await request(sb, 'Retrieve', { module: 'Notes', id }, { token });
		expect(v5.json.data[0]).toEqual(
			expect.objectContaining({ filename: 'invoice.pdf', file_mime_type: 'application/pdf', parent_type: 'Leads', parent_id: lead }),
		);
	});

	it('a missing note answers id -1 on upload; a note without a file, or unknown, is 21', async () => {
		const s = await session();
		expect((await form('set_note_attachment', [s, { id: 'no-such-note', filename: 'a.txt', file: 'aGk=' }])).json).toEqual({ id: '-1' });
		const plain = noteId();
		expect((await form('get_note_attachment', [s, plain])).json).toEqual(
			expect.objectContaining({ number: 21, name: 'File Does Not Exist' }),
		);
		expect((await json('get_note_attachment', { session: s, id: 'no-such-note' })).json.number).toBe(21);
	});

	it('a file over the upload limit is 16 with its size, and nothing is saved', async () => {
		sb.setProfile({ uploadLimit: 1000 });
		const id = noteId();
		const s = await session();
		const r = await json('set_note_attachment', {
			session: s,
			note: { id, filename: 'big.bin', file: randomBytes(1001).toString('base64') },
		});
		expect(r.status).toBe(200);
		expect(r.json).toEqual(expect.objectContaining({ number: 16, name: 'File is Too Large', server_response_status: 413 }));
		expect(r.json.description).toContain('1001 bytes');
		expect(r.json.description).toContain('1000 bytes');
		expect(sb.getRecord('Notes', id)?.filename).toBeNull();
		expect(
			(await json('set_note_attachment', { session: s, note: { id, filename: 'ok.bin', file: randomBytes(1000).toString('base64') } }))
				.json,
		).toEqual({
			id,
			server_response_status: 200,
		});
	});

	it('uploadLimit takes any positive number of bytes', () => {
		expect(sb.setProfile({ uploadLimit: '1234' }).uploadLimit).toBe(1234);
		expect(() => sb.setProfile({ uploadLimit: 0 })).toThrow(/positive integer/);
		expect(() => sb.setProfile({ service2: 'soap' })).toThrow(/json \| form \| both \| absent/);
	});

	it('a role without Notes is denied (40)', async () => {
		const restricted = await startSandbox({ users: [{ user_name: 'admin', password: 'sarv-demo', deniedModules: ['Notes'] }] });
		try {
			restricted.setProfile({ service2: 'form' });
			const url = restricted.url.replace(/API\.php$/, `service2/v4_1/rest.php?utype=${restricted.utype}`);
			const call = async (method: string, args: unknown[]) => {
				const body = new URLSearchParams({ method, input_type: 'JSON', response_type: 'JSON', rest_data: JSON.stringify(args) });
				return (await (await fetch(url, { method: 'POST', body })).json()) as any;
			};
			const s = (await call('login', [auth(), 'test', []])).id as string;
			expect((await call('get_note_attachment', [s, 'x'])).number).toBe(40);
		} finally {
			await restricted.stop();
		}
	});

	it('a 25 MB file round-trips byte for byte', async () => {
		const id = noteId();
		const bytes = randomBytes(25 * 1024 * 1024);
		const s = await session();
		expect(
			(await json('set_note_attachment', { session: s, note: { id, filename: 'big.pdf', file: bytes.toString('base64') } })).json.id,
		).toBe(id);
		const got = await form('get_note_attachment', [s, id]);
		expect(Buffer.from(got.json.note_attachment.file, 'base64').equals(bytes)).toBe(true);
	});
});

describe('document revisions', () => {
	it('adds revisions; v5 Retrieve shows the latest; each revision reads back', async () => {
		const doc = String(sb.insert('Documents', { document_name: 'Contract' }).id);
		const s = await session();
		const first = randomBytes(2000);
		const second = randomBytes(3000);
		const r1 = await form('set_document_revision', [
			s,
			{ id: doc, document_name: 'Contract', revision: '1', filename: 'contract-v1.pdf', file: first.toString('base64') },
		]);
		const r2 = await json('set_document_revision', {
			session: s,
			document_revision: { id: doc, revision: '2', filename: 'contract-v2.docx', file: second.toString('base64') },
		});
		expect(r1.json.id).toEqual(expect.any(String));
		expect(r2.json.id).not.toBe(r1.json.id);
		const token = (await v5Login(sb)).json.data.token as string;
		const v5 = (await request(sb, 'Retrieve', { module: 'Documents', id: doc }, { token })).json.data[0];
		expect(v5).toEqual(expect.objectContaining({ document_revision_id: r2.json.id, revision: '2', filename: 'contract-v2.docx' }));
		const back = await form('get_document_revision', [s, r1.json.id]);
		expect(back.json.document_revision).toEqual({
			id: r1.json.id,
			document_name: 'Contract',
			revision: '1',
			filename: 'contract-v1.pdf',
			file: first.toString('base64'),
		});
		expect(sb.service2.revisionsOf(doc).map((r) => r.size)).toEqual([2000, 3000]);
	});

	it('an unknown revision is 21; a missing document or an empty file answers id -1', async () => {
		const s = await session();
		expect((await form('get_document_revision', [s, 'no-such-revision'])).json.number).toBe(21);
		expect((await form('set_document_revision', [s, { id: 'no-such-doc', filename: 'a.txt', file: 'aGk=' }])).json).toEqual({ id: '-1' });
		const doc = String(sb.insert('Documents', { document_name: 'Empty' }).id);
		expect((await form('set_document_revision', [s, { id: doc, filename: 'a.txt', file: '' }])).json).toEqual({ id: '-1' });
	});
});

describe('records on the same store as v5', () => {
	it('get_entries_count and get_entry_list read what v5 reads; an unknown module is 20', async () => {
		const s = await session();
		sb.insert('Leads', { last_name: 'Service2 Person', status: 'Dead' });
		const dead = sb.records('Leads').filter((r) => r.status === 'Dead');
		expect((await form('get_entries_count', [s, 'Leads', "leads.status = 'Dead'", 0])).json).toEqual({ result_count: dead.length });
		const list = await form('get_entry_list', [
			s,
			'Leads',
			"leads.status = 'Dead'",
			'leads.date_entered',
			0,
			['id', 'last_name'],
			[],
			100,
			0,
			false,
		]);
		expect(list.json.result_count).toBe(dead.length);
		expect(list.json.total_count).toBe(dead.length);
		expect(list.json.entry_list[0]).toEqual({
			id: expect.any(String),
			module_name: 'Leads',
			name_value_list: expect.objectContaining({ last_name: expect.any(Object) }),
		});
		expect((await form('get_entries_count', [s, 'NoSuchModule', '', 0])).json.number).toBe(20);
	});

	it('set_entries creates and updates without a transaction; new_with_id keeps the id', async () => {
		const s = await session();
		const existing = String(sb.records('Leads')[0].id);
		const chosen = '11111111-2222-3333-4444-555555555555';
		const r = await json('set_entries', {
			session: s,
			module_name: 'Leads',
			name_value_lists: [
				[{ name: 'last_name', value: 'Bulk One' }],
				{ id: chosen, new_with_id: true, last_name: 'Bulk Two' },
				[
					{ name: 'id', value: existing },
					{ name: 'last_name', value: 'Renamed' },
				],
			],
		});
		expect(r.json.ids).toHaveLength(3);
		expect(r.json.ids[1]).toBe(chosen);
		expect(r.json.ids[2]).toBe(existing);
		expect(sb.getRecord('Leads', chosen)?.last_name).toBe('Bulk Two');
		expect(sb.getRecord('Leads', existing)?.last_name).toBe('Renamed');
	});

	it('get_module_fields lists fields in SuiteCRM shape', async () => {
		const s = await session();
		const r = await form('get_module_fields', [s, 'Notes', []]);
		expect(r.json).toEqual(expect.objectContaining({ module_name: 'Notes', table_name: 'notes' }));
		expect(r.json.module_fields.filename).toEqual(expect.objectContaining({ name: 'filename', type: 'varchar' }));
	});
});

describe('the request log', () => {
	it('records every call, without the password hash, the session id or file contents', async () => {
		const id = noteId();
		const s = await session();
		const file = randomBytes(3000).toString('base64');
		await form('set_note_attachment', [s, { id, filename: 'a.pdf', file }]);
		await json('get_note_attachment', { session: s, id });
		const entries = sb.log.filter((e) => e.method.startsWith('service2.'));
		expect(entries.map((e) => e.method)).toEqual(['service2.login', 'service2.set_note_attachment', 'service2.get_note_attachment']);
		expect(entries.map((e) => e.authorized)).toEqual([false, true, true]);
		expect(entries.every((e) => e.status === 200)).toBe(true);
		const logged = JSON.stringify(sb.log);
		for (const secret of [md5('sarv-demo'), s, file.slice(0, 100)]) expect(logged).not.toContain(secret);
		expect(logged).toContain('[base64, 4000 chars]');
		expect(sb.calls('service2.set_note_attachment')).toBe(1);
	});

	it('fail-next works on service2 methods', async () => {
		sb.failNext(1, { type: 'status', status: 502, body: 'Bad gateway' }, 'service2.login');
		expect((await form('login', [auth(), 'test', []])).status).toBe(502);
		expect((await form('login', [auth(), 'test', []])).json.id).toEqual(expect.any(String));
	});
});

describe('SuiteCRM 7 on PHP 8 (service2CountQuery, service2DbFailure, service2MissingArguments)', () => {
	const count = async (s: string, query: string) => (await form('get_entries_count', [s, 'Leads', query, 0])).json.result_count as number;
	const listTotal = async (s: string, query: string) =>
		(await form('get_entry_list', [s, 'Leads', query, 'leads.date_entered', 0, ['id'], [], 500, 0])).json.total_count as number;

	it("unparenthesised: get_entries_count's `<query> AND leads.deleted = 0` counts deleted rows matching the OR's first side", async () => {
		const s = await session();
		// The store keeps a deleted row, as SuiteCRM does (`deleted = 1`).
		sb.insert('Leads', { last_name: 'Gone', status: 'Dead', deleted: '1' });
		sb.insert('Leads', { last_name: 'Here', status: 'Dead' });
		const query = "leads.status = 'Dead' OR leads.status = 'Recycled'";
		const live = sb.records('Leads').filter((r) => r.status === 'Dead' || r.status === 'Recycled').length;
		const deletedDead = sb.records('Leads', { includeDeleted: true }).filter((r) => r.deleted === '1' && r.status === 'Dead').length;
		expect(deletedDead).toBeGreaterThan(0);
		expect(await count(s, query)).toBe(live);
		sb.setProfile({ service2CountQuery: 'unparenthesised' });
		expect(await count(s, query)).toBe(live + deletedDead);
		// Parenthesised by the caller: exact again. The list query parenthesises itself.
		expect(await count(s, `(${query})`)).toBe(live);
		expect(await listTotal(s, query)).toBe(live);
		expect(await count(s, '')).toBe(sb.records('Leads').length);
	});

	it('failure-page: an unknown column (leads.x_c under customFieldTable=cstm) is HTTP 500 with the one opaque line, no SQL', async () => {
		const s = await session();
		const column = `leads.${sb.utype}_national_code_c`;
		sb.setProfile({ customFieldTable: 'cstm' });
		const before = await form('get_entries_count', [s, 'Leads', `${column} = '1'`, 0]);
		expect(before.json).toEqual(expect.objectContaining({ number: 1001, description: expect.stringContaining('Unknown column') }));
		sb.setProfile({ customFieldTable: 'cstm', service2DbFailure: 'failure-page' });
		for (const r of [
			await form('get_entries_count', [s, 'Leads', `${column} = '1'`, 0]),
			await form('get_entry_list', [s, 'Leads', `${column} = '1'`, '', 0, ['id'], [], 10, 0]),
			await form('get_entries_count', [s, 'Leads', 'leads.status = ', 0]),
		]) {
			expect(r.status).toBe(500);
			expect(r.text).toBe('Database failure. Please refer to suitecrm.log for details.');
		}
		// The custom join: the column in `leads_cstm` (or bare) is found.
		expect((await form('get_entries_count', [s, 'Leads', `leads_cstm.${sb.utype}_national_code_c IS NULL`, 0])).status).toBe(200);
	});

	it('http-500-empty: a method called with too few arguments is HTTP 500 with an empty body, in either encoding', async () => {
		const s = await session();
		sb.setProfile({ service2: 'both', service2MissingArguments: 'http-500-empty' });
		for (const r of [
			await form('get_entries_count', [s, 'Leads']),
			await json('get_entries_count', { session: s, module_name: 'Leads' }),
			await form('get_note_attachment', ['bogus']),
			await form('get_entry_list', [s, 'Leads', '', '', 0, [], [], 10]),
		]) {
			expect(r.status).toBe(500);
			expect(r.text).toBe('');
		}
		// All required arguments (favorites and login's last two have defaults): answered.
		expect((await form('get_entry_list', [s, 'Leads', '', '', 0, ['id'], [], 10, 0])).json.result_count).toBeGreaterThan(0);
		expect((await form('login', [auth()])).json.id).toEqual(expect.any(String));
		expect((await form('get_note_attachment', ['bogus', 'x'])).json.number).toBe(11);
		sb.setProfile({ service2: 'both', service2MissingArguments: 'defaults' });
		expect((await form('get_entries_count', [s, 'Leads'])).json.result_count).toBe(sb.records('Leads').length);
	});
});
