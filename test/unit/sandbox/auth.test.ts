import type { SarvCrmSandbox } from '../../sandbox';
import { client, login, md5, request, startSandbox, token } from './helpers';

describe('sandbox login and sessions', () => {
	let sb: SarvCrmSandbox;
	beforeAll(async () => {
		sb = await startSandbox({
			users: [
				{ user_name: 'admin', password: 'sarv-demo' },
				{ user_name: 'old', password: 'pw', state: 'passwordExpired' },
				{ user_name: 'locked', password: 'pw', state: 'lockedOut' },
				{ user_name: 'single', password: 'pw', maxSessions: 1 },
				{ user_name: 'sales', password: 'pw', deniedModules: ['Accounts'] },
			],
			tokenLifetimeMs: 300,
		});
	});
	afterAll(() => sb.stop());

	it('resolves the API URL on 127.0.0.1', () => {
		expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/API\.php$/);
	});

	it('logs in with the MD5 password and returns a token', async () => {
		const r = await login(sb);
		expect(r.status).toBe(200);
		expect(r.contentType).toMatch(/application\/json/);
		expect(r.json).toEqual({ status: 200, message: '', data: { token: expect.stringMatching(/^[0-9a-f]{32}$/) } });
		const again = await login(sb);
		expect(again.json.data.token).not.toBe(r.json.data.token);
	});

	it.each([
		['wrong utype', { utype: 'other' }],
		['wrong user', { user_name: 'nobody' }],
		['wrong password', { password: 'nope' }],
	])('%s: 401 code 10', async (_, over) => {
		const r = await login(sb, over);
		expect(r.status).toBe(401);
		expect(r.json).toEqual({ status: 401, code: 10, message: 'Login attempt failed please check the username and password.', data: [] });
	});

	it('a user without access to a module: 403 code 40 there, other modules answer', async () => {
		const t = (await login(sb, { user_name: 'sales', password: 'pw' })).json.data.token;
		const denied = await request(sb, 'GetModuleFields', { module: 'Accounts' }, { token: t });
		expect([denied.status, denied.json.status, denied.json.code]).toEqual([403, 403, 40]);
		const allowed = await request(sb, 'GetModuleFields', { module: 'Leads' }, { token: t });
		expect(allowed.status).toBe(200);
	});

	it('rejects a plain (not hashed) password', async () => {
		const r = await request(sb, 'Login', {}, { body: { utype: 'demo', user_name: 'admin', password: 'sarv-demo', language: 'en_US' } });
		expect(r.json.code).toBe(10);
	});

	it('password expired: 401 code 1008; locked out: 401 code 1009', async () => {
		const expired = await login(sb, { user_name: 'old', password: 'pw' });
		expect([expired.status, expired.json.code]).toEqual([401, 1008]);
		const locked = await login(sb, { user_name: 'locked', password: 'pw' });
		expect([locked.status, locked.json.code]).toEqual([401, 1009]);
	});

	it('more sessions than maxSessions: 401 code 60', async () => {
		expect((await login(sb, { user_name: 'single', password: 'pw' })).status).toBe(200);
		const second = await login(sb, { user_name: 'single', password: 'pw' });
		expect([second.status, second.json.code, second.json.message]).toEqual([401, 60, 'Number of sessions exceeded.']);
	});

	it('calls without, with an unknown, or with an expired token: 401 code 11', async () => {
		const none = await request(sb, 'Retrieve', { module: 'Leads' });
		expect(none.status).toBe(401);
		expect(none.json).toEqual({ status: 401, code: 11, message: 'The session ID is invalid.', data: [] });
		const bogus = await request(sb, 'Retrieve', { module: 'Leads' }, { token: 'f'.repeat(32) });
		expect(bogus.json.code).toBe(11);
		const tok = await token(sb);
		expect((await client(sb, tok)('Retrieve', { module: 'Leads' })).status).toBe(200);
		await new Promise((r) => setTimeout(r, 350));
		const late = await client(sb, tok)('Retrieve', { module: 'Leads' });
		expect([late.status, late.json.code]).toEqual([401, 11]);
	});

	it('expireAllTokens invalidates every token', async () => {
		const tok = await token(sb);
		sb.expireAllTokens();
		expect((await client(sb, tok)('GetModuleFields', { module: 'Leads' })).json.code).toBe(11);
	});

	it('unknown method: 400 code 1000; unknown module: 404 code 20', async () => {
		const tok = await token(sb);
		const call = client(sb, tok);
		const m = await call('Frobnicate');
		expect([m.status, m.json.code]).toEqual([400, 1000]);
		for (const method of ['Retrieve', 'GetModuleFields', 'Save', 'GetRelationship', 'SaveRelationships']) {
			const r = await call(method, { module: 'Nope', id: 'x' });
			expect([method, r.status, r.json.code, r.json.message]).toEqual([method, 404, 20, 'This module is not available on this server.']);
		}
		const s = await call('SearchByNumber', { number: '0912', module: 'Nope' });
		expect(s.json.code).toBe(20);
	});

	it('never logs the password hash', async () => {
		sb.clearLog();
		await login(sb);
		await login(sb, { password: 'wrong' });
		const dump = JSON.stringify(sb.log);
		expect(dump).not.toContain(md5('sarv-demo'));
		expect(dump).not.toContain(md5('wrong'));
		expect(sb.log[0].body).toMatchObject({ password: '[redacted]', user_name: 'admin' });
		expect(sb.calls('Login')).toBe(2);
		const viaHttp = await fetch(sb.url.replace('/API.php', '/__sandbox/log')).then((r) => r.text());
		expect(viaHttp).not.toContain(md5('sarv-demo'));
	});
});

describe.each([
	['http401', 401],
	['body401', 200],
	['http403', 403],
] as const)('authFailure %s', (authFailure, httpStatus) => {
	let sb: SarvCrmSandbox;
	beforeAll(async () => {
		sb = await startSandbox({ authFailure, seed: false });
	});
	afterAll(() => sb.stop());

	it(`answers an invalid token with HTTP ${httpStatus} and body status 401 code 11`, async () => {
		const r = await request(sb, 'Retrieve', { module: 'Accounts' }, { token: 'bad' });
		expect(r.status).toBe(httpStatus);
		expect(r.json).toEqual({ status: 401, code: 11, message: 'The session ID is invalid.', data: [] });
		expect(sb.log[sb.log.length - 1]).toMatchObject({ method: 'Retrieve', authorized: false, status: httpStatus });
	});
});
