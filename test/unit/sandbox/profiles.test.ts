/** Each profile switch of the sandbox, against its default: the reply a client sees over HTTP. */
import { DEFAULT_PROFILE, mergeProfile, parseProfileText, PROFILE_KEYS, type SarvCrmSandbox } from '../../sandbox';
import { hasPersian } from '../../sandbox/messages';
import { client, request, startSandbox, token } from './helpers';

let sb: SarvCrmSandbox;
let call: ReturnType<typeof client>;
beforeAll(async () => {
	sb = await startSandbox({ seed: false });
	call = client(sb, await token(sb));
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.setProfile({ ...DEFAULT_PROFILE });
	sb.reset({ seed: false });
});

const retrieve = (body: Record<string, unknown>, module = 'Leads') => call('Retrieve', { module }, { body });
const addLeads = (n: number) =>
	Array.from({ length: n }, (_, i) => String(sb.insert('Leads', { last_name: `L${String(i).padStart(4, '0')}` }).id));

describe('profile object', () => {
	it('defaults to the historical behaviour and names every switch', () => {
		expect(sb.profile).toEqual(DEFAULT_PROFILE);
		expect(PROFILE_KEYS).toEqual(
			expect.arrayContaining([
				'session',
				'pageCap',
				'honoursLimit',
				'timeStorage',
				'customFieldTable',
				'nonColumnFields',
				'numbersField',
				'messages',
				'singleRecordShape',
				'multienum',
			]),
		);
	});

	it('reads the CLI / env form, with any positive page cap', () => {
		const changes = parseProfileText('session=plain-401, pageCap=250 numbersField=false');
		expect(mergeProfile({ ...DEFAULT_PROFILE }, changes)).toEqual({
			...DEFAULT_PROFILE,
			session: 'plain-401',
			pageCap: 250,
			numbersField: false,
		});
		expect(() => parseProfileText('tehran')).toThrow('is not key=value');
		expect(() => mergeProfile({ ...DEFAULT_PROFILE }, { pageCap: '0' })).toThrow('pageCap takes a positive integer');
	});

	it('is set through the admin API, and refuses unknown switches or values', async () => {
		const post = (body: unknown) => fetch(`${sb.adminUrl}/profile`, { method: 'POST', body: JSON.stringify(body) });
		expect((await post({ pageCap: '100', timeStorage: 'tehran' })).status).toBe(200);
		expect(await (await fetch(`${sb.adminUrl}/profile`)).json()).toMatchObject({
			pageCap: 100,
			timeStorage: 'tehran',
			session: 'invalid-session-401',
		});
		expect(await (await post({ timeStorage: 'mars' })).json()).toEqual({
			error: expect.stringContaining('timeStorage takes utc | tehran'),
		});
		expect((await post({ nope: 1 })).status).toBe(400);
	});
});

describe('session', () => {
	const dead = () => request(sb, 'Retrieve', { module: 'Leads' }, { token: 'dead-token' });
	it.each([
		['invalid-session-401', 401, { status: 401, code: 11, message: 'The session ID is invalid.' }],
		['invalid-session-403', 403, { status: 401, code: 11 }],
		['body-401', 200, { status: 401, code: 11 }],
		['login-failed-401', 401, { status: 401, code: 10, message: expect.stringMatching(/^Login attempt failed/) }],
		['persian-403', 403, { status: 403, message: expect.stringMatching(/[\u0600-\u06FF]/) }],
	] as const)('%s answers HTTP %i with %j', async (session, httpStatus, body) => {
		sb.setProfile({ session });
		const r = await dead();
		expect(r.status).toBe(httpStatus);
		expect(r.json).toMatchObject(body);
	});

	it('plain-401 answers text, not JSON', async () => {
		sb.setProfile({ session: 'plain-401' });
		const r = await dead();
		expect([r.status, r.contentType, r.text, r.json]).toEqual([401, 'text/plain; charset=utf-8', 'Unauthorized', undefined]);
	});
});

describe('refusedModule', () => {
	it('Leads: every live session is refused 403, code 40, on v5; other modules answer; a new login is refused the same', async () => {
		sb.setProfile({ refusedModule: 'Leads' });
		const refused = await retrieve({ limit: 1 });
		expect(refused.status).toBe(403);
		expect(refused.json).toMatchObject({ status: 403, code: 40, message: 'You do not have access.' });
		expect((await retrieve({ limit: 1 }, 'Accounts')).status).toBe(200);
		const fresh = client(sb, await token(sb));
		expect((await fresh('Retrieve', { module: 'Leads' }, { body: { limit: 1 } })).status).toBe(403);
	});

	it('none (the default): Leads answers', async () => {
		expect((await retrieve({ limit: 1 })).status).toBe(200);
	});
});

describe('paging', () => {
	it.each([100, 300, 1000, 20, 1])('pageCap %i caps a page whatever limit asks', async (cap) => {
		sb.setProfile({ pageCap: cap });
		addLeads(1100);
		expect((await retrieve({ limit: 5000 })).json.data).toHaveLength(cap);
		expect((await retrieve({ limit: 50 })).json.data).toHaveLength(Math.min(50, cap));
		// No limit: the sandbox's default page of 25 (the doc's example), within the cap.
		expect((await retrieve({})).json.data.length).toBe(Math.min(25, cap));
	});

	it('pageCap 20, honoursLimit false: 20 rows whatever limit asks, at any offset, the rows of that offset', async () => {
		sb.setProfile({ pageCap: 20, honoursLimit: false });
		const all = addLeads(75);
		const order_by = 'leads.last_name';
		for (const limit of [1, 2, 19, 20, 21, 50, 100, 300, 5000, undefined]) {
			for (const offset of [0, 1, 7, 20, 33, 55]) {
				const ids = (await retrieve({ order_by, limit, offset })).json.data.map((r: { id: string }) => r.id);
				expect([limit, offset, ids]).toEqual([limit, offset, all.slice(offset, offset + 20)]);
			}
		}
		// Past the last full page: what is left, then nothing.
		expect((await retrieve({ order_by, limit: 5, offset: 60 })).json.data).toHaveLength(15);
		expect((await retrieve({ order_by, limit: 5, offset: 75 })).json.data).toEqual([]);
	});

	it('honoursLimit false: every page is a full page of the cap', async () => {
		sb.setProfile({ pageCap: 100, honoursLimit: false });
		addLeads(150);
		expect((await retrieve({ limit: 1 })).json.data).toHaveLength(100);
		expect((await retrieve({ limit: 1, offset: 100 })).json.data).toHaveLength(50);
	});

	it('unorderedWithoutOrderBy: a different order on every call unless order_by is sent', async () => {
		addLeads(40);
		const ids = async (body: Record<string, unknown> = {}) =>
			(await retrieve({ limit: 40, ...body })).json.data.map((r: { id: string }) => r.id).join();
		expect(await ids()).toBe(await ids());
		sb.setProfile({ unorderedWithoutOrderBy: true });
		const [a, b] = [await ids(), await ids()];
		expect(a).not.toBe(b);
		expect(a.split(',').sort()).toEqual(b.split(',').sort());
		expect(await ids({ order_by: 'leads.date_entered, leads.id' })).toBe(await ids({ order_by: 'leads.date_entered, leads.id' }));
	});
});

describe('timeStorage', () => {
	it('replies carry +03:30 either way; a literal without offset compares as UTC or as Tehran wall time', async () => {
		const id = String(sb.insert('Leads', { last_name: 'Clock' }).id);
		const at = Date.parse(String(sb.getRecord('Leads', id)!.date_modified));
		const utcWall = new Date(at).toISOString().slice(0, 19).replace('T', ' ');
		const tehranWall = new Date(at + 210 * 60000).toISOString().slice(0, 19).replace('T', ' ');
		const hits = async (literal: string) =>
			(await retrieve({ query: `leads.id = '${id}' AND leads.date_modified <= '${literal}'` })).json.data.length;
		expect([await hits(utcWall), await hits(tehranWall)]).toEqual([1, 1]);
		sb.setProfile({ timeStorage: 'tehran' });
		expect((await retrieve({ query: `leads.id = '${id}'` })).json.data[0].date_modified).toMatch(/\+03:30$/);
		// The UTC wall time, read as Tehran time, is 3.5 hours before the change.
		expect([await hits(utcWall), await hits(tehranWall)]).toEqual([0, 1]);
		const withOffset = new Date(at).toISOString().slice(0, 19) + '+00:00';
		expect(await hits(withOffset)).toBe(1);
	});
});

describe('customFieldTable and nonColumnFields', () => {
	const where = async (query: string, module = 'Leads') => {
		const r = await retrieve({ query, limit: 1 }, module);
		return r.json ? 'ok' : r.text;
	};
	const fields = async (module = 'Leads') => (await call('GetModuleFields', { module })).json.data;

	it("'same' takes leads.x_c; 'cstm' only leads_cstm.x_c or the bare name; metadata is the same", async () => {
		expect(await where("leads.demo_national_code_c = '1'")).toBe('ok');
		const before = await fields();
		sb.setProfile({ customFieldTable: 'cstm' });
		expect(await where("leads.demo_national_code_c = '1'")).toBe(
			"MySQL Error: Unknown column 'leads.demo_national_code_c' in 'where clause'",
		);
		expect(await where("leads_cstm.demo_national_code_c = '1'")).toBe('ok');
		expect(await where("demo_national_code_c = '1'")).toBe('ok');
		// Real get_module_fields has no vardef `source`: the table is learned from the server, not read.
		expect(await fields()).toEqual(before);
		expect(before.demo_national_code_c.source).toBeUndefined();
	});

	it("'mysql-1054': relate fields and the computed person name are not columns in WHERE or ORDER BY; metadata tells them by type and calculated", async () => {
		expect(await where("leads.assigned_user_name = 'admin'")).toBe('ok');
		sb.setProfile({ nonColumnFields: 'mysql-1054' });
		expect(await where("leads.assigned_user_name = 'admin'")).toBe(
			"MySQL Error: Unknown column 'leads.assigned_user_name' in 'where clause'",
		);
		expect(await where("leads.name = 'x'")).toMatch(/^MySQL Error: Unknown column 'leads.name'/);
		expect(await where("accounts.name = 'x'", 'Accounts')).toBe('ok');
		const sorted = await retrieve({ order_by: 'leads.assigned_user_name' });
		expect(sorted.text).toBe("MySQL Error: Unknown column 'leads.assigned_user_name' in 'order clause'");
		const meta = await fields();
		expect([meta.assigned_user_name.type, meta.name.calculated, meta.last_name.calculated]).toEqual(['relate', true, false]);
		expect(meta.assigned_user_name.source).toBeUndefined();
	});
});

describe('numbersField', () => {
	it('absent: phone_mobile / phone_work instead of numbers; a numbers list is ignored as an unknown field', async () => {
		sb.setProfile({ numbersField: false });
		const meta = (await call('GetModuleFields', { module: 'Leads' })).json.data;
		expect(meta.numbers).toBeUndefined();
		expect(meta.phone_mobile).toMatchObject({ type: 'phone' });
		const saved = await call(
			'Save',
			{ module: 'Leads' },
			{ body: { last_name: 'Phones', status: 'New', numbers: ['09121234567'], phone_work: '021-8888 1234' } },
		);
		const rec = sb.getRecord('Leads', saved.json.data.id)!;
		expect([rec.numbers, rec.phone_work, rec.phone_mobile]).toEqual([undefined, '021-8888 1234', null]);
		expect((await call('SearchByNumber', { number: '88881234' })).json.data).toEqual([expect.objectContaining({ id: saved.json.data.id })]);
	});

	it('switching it re-seeds, so seeded records have the columns of the profile', () => {
		sb.setProfile({ numbersField: false });
		sb.reset({ seed: true });
		expect(sb.records('Contacts').some((r) => typeof r.phone_mobile === 'string')).toBe(true);
		expect(sb.records('Contacts').every((r) => !('numbers' in r))).toBe(true);
	});
});

describe('messages and errorCode', () => {
	it("'persian-only' answers errors and confirmations in Persian, whatever the login language", async () => {
		sb.setProfile({ messages: 'persian-only' });
		const missing = await call('Retrieve', { module: 'Leads', id: 'no-such-id' });
		expect(missing.status).toBe(400);
		expect(missing.json).toMatchObject({ status: 400, code: 22 });
		expect(hasPersian(missing.json.message)).toBe(true);
		const saved = await call('Save', { module: 'Leads' }, { body: { last_name: 'X', status: 'New' } });
		expect(hasPersian(saved.json.message[0])).toBe(true);
		const badLogin = await request(sb, 'Login', {}, { body: { utype: sb.utype, user_name: 'admin', password: 'x', language: 'en_US' } });
		expect(badLogin.json).toMatchObject({ status: 401, code: 10 });
		expect(hasPersian(badLogin.json.message)).toBe(true);
	});

	it("errorCode 'absent': only status and message", async () => {
		sb.setProfile({ errorCode: 'absent' });
		const missing = await call('Retrieve', { module: 'Leads', id: 'no-such-id' });
		expect(missing.json).toEqual({ status: 400, message: expect.stringMatching(/deleted or does not exist/), data: [] });
	});
});

describe('record shapes', () => {
	it('singleRecordShape: one-element array or the object', async () => {
		const [id] = addLeads(1);
		expect((await call('Retrieve', { module: 'Leads', id })).json.data).toEqual([expect.objectContaining({ id })]);
		sb.setProfile({ singleRecordShape: 'object' });
		expect((await call('Retrieve', { module: 'Leads', id })).json.data).toEqual(expect.objectContaining({ id }));
	});

	it("multienum: '^a^,^b^' or an array, in lists and single reads", async () => {
		const saved = await call('Save', { module: 'Contacts' }, { body: { last_name: 'Tiers', demo_loyalty_c: ['gold', 'vip'] } });
		const id = saved.json.data.id;
		const read = async () => [
			(await call('Retrieve', { module: 'Contacts', id })).json.data[0].demo_loyalty_c,
			(await retrieve({ query: `contacts.id = '${id}'` }, 'Contacts')).json.data[0].demo_loyalty_c,
		];
		expect(await read()).toEqual(['^gold^,^vip^', '^gold^,^vip^']);
		sb.setProfile({ multienum: 'array' });
		expect(await read()).toEqual([
			['gold', 'vip'],
			['gold', 'vip'],
		]);
	});
});
