import type { IHttpRequestOptions } from 'n8n-workflow';

import { md5Hex, type SarvLoginCredentials } from '../../../nodes/SarvCrm/transport/login';
import { login, messageText, obtainSessionToken, parseMaybeJson, SarvLoginError, type HttpRequester } from '../../../nodes/SarvCrm/transport/session';

const PASSWORD = 'sarv-demo';
const MD5 = md5Hex(PASSWORD);

let userSeq = 0;
/** A fresh credential per test: the session cache is module-level. */
function creds(extra: Partial<SarvLoginCredentials> = {}): SarvLoginCredentials {
	userSeq++;
	return { baseUrl: 'https://app.sarvcrm.com/API.php', utype: 'acme', username: `user${userSeq}`, password: PASSWORD, ...extra };
}

/** Fake requester: answers each login with a new token, after `delayMs`. */
function fakeLoginServer({ delayMs = 5, fail = false } = {}) {
	const calls: IHttpRequestOptions[] = [];
	let n = 0;
	const request: HttpRequester = async (options) => {
		calls.push(options);
		const i = ++n;
		await new Promise((r) => setTimeout(r, delayMs));
		if (fail) return { statusCode: 401, body: { status: 401, message: 'Login attempt failed please check the username and password', data: [] } };
		const body = options.body as { user_name: string };
		return { statusCode: 200, body: { status: 200, message: '', data: { token: `tok-${body.user_name}-${i}` } } };
	};
	return { calls, request };
}

const reply = (statusCode: number, body: unknown): HttpRequester => async () => ({ statusCode, body });

function expectNoSecret(error: unknown) {
	const e = error as Error;
	for (const text of [JSON.stringify(e), e.message, String(e.stack), JSON.stringify({ ...e })]) {
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toContain(MD5);
	}
}

async function caught(promise: Promise<unknown>): Promise<SarvLoginError> {
	try {
		await promise;
	} catch (e) {
		return e as SarvLoginError;
	}
	throw new Error('expected a rejection');
}

describe('parseMaybeJson / messageText', () => {
	it('parses objects, JSON text and buffers; undefined otherwise', () => {
		expect(parseMaybeJson({ a: 1 })).toEqual({ a: 1 });
		expect(parseMaybeJson('{"a":1}')).toEqual({ a: 1 });
		expect(parseMaybeJson(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
		expect(parseMaybeJson('MySQL Error: x')).toBeUndefined();
		expect(parseMaybeJson('"text"')).toBeUndefined();
		expect(parseMaybeJson('')).toBeUndefined();
		expect(parseMaybeJson(undefined)).toBeUndefined();
	});
	it('message string / array / other', () => {
		expect(messageText('a')).toBe('a');
		expect(messageText(['a', 'b'])).toBe('a b');
		expect(messageText(null)).toBe('');
		expect(messageText({ x: 1 })).toBe('{"x":1}');
	});
});

describe('login', () => {
	it('success returns the token and sends the md5 body to ?method=Login', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 0 });
		const c = creds({ baseUrl: 'https://app.sarvcrm.com/API.php/' });
		await expect(login(request, c)).resolves.toBe(`tok-${c.username}-1`);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			url: 'https://app.sarvcrm.com/API.php',
			qs: { method: 'Login' },
			body: { utype: 'acme', user_name: c.username, password: MD5, language: 'en_US' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(JSON.stringify(calls[0])).not.toContain(PASSWORD);
	});

	it('token in a JSON text body', async () => {
		await expect(login(reply(200, JSON.stringify({ status: 200, data: { token: 'T1' } })), creds())).resolves.toBe('T1');
	});

	it('401 with the code-10 message → SarvLoginError, code 10, no password or md5 anywhere', async () => {
		const message = 'Login attempt failed please check the username and password';
		const error = await caught(login(reply(401, { status: 401, message, data: [] }), creds()));
		expect(error).toBeInstanceOf(SarvLoginError);
		expect(error.name).toBe('SarvLoginError');
		expect(error.message).toContain(message);
		expect(error.code).toBe(10);
		expect(error.httpStatus).toBe(401);
		expect(error.hint).toMatch(/Username, Password and Instance Key/);
		expectNoSecret(error);
	});

	it('401 with an unknown message still counts as code 10', async () => {
		const error = await caught(login(reply(401, { status: 401, message: 'نام کاربری یا رمز عبور اشتباه است' }), creds()));
		expect(error.code).toBe(10);
		expect(error.message).toContain('نام کاربری');
	});

	it('message as an array, code in the body (lockout)', async () => {
		const error = await caught(login(reply(401, { status: 401, code: 1009, message: ['Locked', 'out'] }), creds()));
		expect(error.code).toBe(1009);
		expect(error.message).toBe('SarvCRM login failed: Locked out');
		expect(error.hint).toMatch(/administrator/i);
	});

	it('HTTP 200 without a token is a failure', async () => {
		const error = await caught(login(reply(200, { status: 200, message: '', data: [] }), creds()));
		expect(error).toBeInstanceOf(SarvLoginError);
		expect(error.code).toBeUndefined();
	});

	it('a token on an HTTP error status is not accepted', async () => {
		await expect(login(reply(500, { data: { token: 'T' } }), creds())).rejects.toBeInstanceOf(SarvLoginError);
	});

	it('non-JSON reply', async () => {
		const error = await caught(login(reply(200, '<html><body>Welcome</body></html>'), creds()));
		expect(error).toBeInstanceOf(SarvLoginError);
		expect(error.message).toBe('SarvCRM login at https://app.sarvcrm.com/API.php did not answer with JSON (HTTP 200)');
		expect(error.hint).toMatch(/API\.php/);
		expect(error.httpStatus).toBe(200);
		expectNoSecret(error);
	});

	it('network error message names the Base URL and keeps nothing of the request', async () => {
		const request: HttpRequester = async (options) => {
			throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', config: options, options });
		};
		const c = creds({ baseUrl: 'https://crm.example.ir/API.php' });
		const error = await caught(login(request, c));
		expect(error).toBeInstanceOf(SarvLoginError);
		expect(error.message).toBe('Could not reach SarvCRM at https://crm.example.ir/API.php (ECONNREFUSED)');
		expect(error.message).toContain('https://crm.example.ir/API.php');
		expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
		expectNoSecret(error);
	});

	it('network error without a code uses its message', async () => {
		const error = await caught(login(async () => { throw new Error('socket hang up'); }, creds()));
		expect(error.message).toBe('Could not reach SarvCRM at https://app.sarvcrm.com/API.php (socket hang up)');
	});

	it('bad Base URL or empty utype fails before any request', async () => {
		const request = jest.fn<Promise<unknown>, [IHttpRequestOptions]>();
		const e1 = await caught(login(request, creds({ baseUrl: 'ftp://x' })));
		expect(e1.hint).toMatch(/Base URL/);
		const e2 = await caught(login(request, creds({ utype: '  ' })));
		expect(e2.message).toMatch(/utype/);
		expect(request).not.toHaveBeenCalled();
	});
});

describe('obtainSessionToken', () => {
	it('20 concurrent calls for the same credential make exactly one login', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 20 });
		const c = creds();
		const tokens = await Promise.all(Array.from({ length: 20 }, () => obtainSessionToken(request, { ...c })));
		expect(calls).toHaveLength(1);
		expect(new Set(tokens)).toEqual(new Set([`tok-${c.username}-1`]));
	});

	it('20 concurrent calls all carrying the failed token make one login', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 20 });
		const c = creds();
		const first = await obtainSessionToken(request, c);
		const tokens = await Promise.all(Array.from({ length: 20 }, () => obtainSessionToken(request, { ...c, sessionToken: first })));
		expect(calls).toHaveLength(2);
		expect(new Set(tokens)).toEqual(new Set([`tok-${c.username}-2`]));
	});

	it('a recent token different from the failed one is reused without login', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		expect(await obtainSessionToken(request, { ...c, sessionToken: 'older-token' })).toBe(t1);
		expect(await obtainSessionToken(request, c)).toBe(t1);
		expect(calls).toHaveLength(1);
	});

	it('a later call with the token that just failed logs in again', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		const t2 = await obtainSessionToken(request, { ...c, sessionToken: t1 });
		expect(t2).not.toBe(t1);
		expect(calls).toHaveLength(2);
		// and the fresh one is now what others reuse
		expect(await obtainSessionToken(request, { ...c, sessionToken: t1 })).toBe(t2);
		expect(calls).toHaveLength(2);
	});

	it('a cached token older than the reuse window is not reused', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		let clock = 1_000_000;
		const now = () => clock;
		const t1 = await obtainSessionToken(request, c, { now });
		clock += 29_000;
		expect(await obtainSessionToken(request, { ...c, sessionToken: 'x' }, { now })).toBe(t1);
		clock += 2_000;
		expect(await obtainSessionToken(request, { ...c, sessionToken: 'x' }, { now })).not.toBe(t1);
		expect(calls).toHaveLength(2);
	});

	it('different credentials never share a token (concurrently or later)', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 10 });
		const a = creds();
		const variants: SarvLoginCredentials[] = [
			a,
			{ ...a, password: 'other' },
			{ ...a, utype: 'acme2' },
			{ ...a, language: 'fa_IR' },
			{ ...a, baseUrl: 'https://crm.example.ir/API.php' },
			{ ...a, loginType: 'portal' },
		];
		const tokens = await Promise.all(variants.map((v) => obtainSessionToken(request, v)));
		expect(calls).toHaveLength(variants.length);
		expect(new Set(tokens).size).toBe(variants.length);
		const again = await Promise.all(variants.map((v) => obtainSessionToken(request, v)));
		expect(again).toEqual(tokens);
		expect(calls).toHaveLength(variants.length);
	});

	it('force: true always logs in', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		const t2 = await obtainSessionToken(request, c, { force: true });
		const t3 = await obtainSessionToken(request, { ...c, sessionToken: 'other' }, { force: true });
		expect(new Set([t1, t2, t3]).size).toBe(3);
		expect(calls).toHaveLength(3);
	});

	it('force: true joins a login already in flight', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 20 });
		const c = creds();
		const p1 = obtainSessionToken(request, c);
		const p2 = obtainSessionToken(request, c, { force: true });
		const p3 = obtainSessionToken(request, c, { force: true });
		const tokens = await Promise.all([p1, p2, p3]);
		expect(calls).toHaveLength(1);
		expect(new Set(tokens).size).toBe(1);
	});

	it('a failed login rejects every waiter, is not cached, and the next call retries', async () => {
		const failing = fakeLoginServer({ delayMs: 10, fail: true });
		const c = creds();
		const results = await Promise.allSettled(Array.from({ length: 5 }, () => obtainSessionToken(failing.request, c)));
		expect(failing.calls).toHaveLength(1);
		for (const r of results) {
			expect(r.status).toBe('rejected');
			const reason = (r as PromiseRejectedResult).reason as SarvLoginError;
			expect(reason).toBeInstanceOf(SarvLoginError);
			expect(reason.code).toBe(10);
			expectNoSecret(reason);
		}
		const ok = fakeLoginServer({ delayMs: 0 });
		await expect(obtainSessionToken(ok.request, c)).resolves.toBe(`tok-${c.username}-1`);
		expect(ok.calls).toHaveLength(1);
	});
});
