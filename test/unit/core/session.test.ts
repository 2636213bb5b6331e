import type { IHttpRequestOptions } from 'n8n-workflow';

import { SarvClient } from '../../../nodes/core/client';
import { SarvApiError } from '../../../nodes/core/errors';
import { login, md5Hex, type HttpRequester, type SarvLoginCredentials } from '../../../nodes/core/login';
import { markRefused, obtainSessionToken } from '../../../nodes/core/session';
import { ownLoginSender } from './memory-sender';

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
		if (fail)
			return { statusCode: 401, body: { status: 401, message: 'Login attempt failed please check the username and password', data: [] } };
		const body = options.body as { user_name: string };
		return { statusCode: 200, body: { status: 200, message: '', data: { token: `tok-${body.user_name}-${i}` } } };
	};
	return { calls, request };
}

const reply =
	(statusCode: number, body: unknown): HttpRequester =>
	async () => ({ statusCode, body });

function expectNoSecret(error: unknown) {
	const e = error as Error;
	for (const text of [JSON.stringify(e), e.message, String(e.stack), JSON.stringify({ ...e })]) {
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toContain(MD5);
	}
}

async function caught(promise: Promise<unknown>): Promise<SarvApiError> {
	try {
		await promise;
	} catch (e) {
		expect(e).toBeInstanceOf(SarvApiError);
		return e as SarvApiError;
	}
	throw new Error('expected a rejection');
}

describe('login', () => {
	it('success returns the token and sends the md5 body to ?method=Login, no redirects', async () => {
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
			disableFollowRedirect: true,
		});
		expect(JSON.stringify(calls[0])).not.toContain(PASSWORD);
	});

	it('token in a JSON text body', async () => {
		await expect(login(reply(200, JSON.stringify({ status: 200, data: { token: 'T1' } })), creds())).resolves.toBe('T1');
	});

	it('401 with the code-10 message → SarvApiError kind login, code 10, no password or md5 anywhere', async () => {
		const message = 'Login attempt failed please check the username and password';
		const error = await caught(login(reply(401, { status: 401, message, data: [] }), creds()));
		expect(error.name).toBe('SarvApiError');
		expect(error.message).toContain(message);
		expect(error.failure).toMatchObject({ kind: 'login', code: 10, httpStatus: 401, relogin: false, retry: false });
		expect(error.failure.hint).toMatch(/Username, Password and Instance Key/);
		expectNoSecret(error);
	});

	it('401 with an unknown (Persian) message still counts as code 10', async () => {
		const error = await caught(login(reply(401, { status: 401, message: 'نام کاربری یا رمز عبور اشتباه است' }), creds()));
		expect(error.failure).toMatchObject({ kind: 'login', code: 10 });
		expect(error.message).toContain('نام کاربری');
	});

	it('message as an array, code in the body (lockout) → account', async () => {
		const error = await caught(login(reply(401, { status: 401, code: 1009, message: ['Locked', 'out'] }), creds()));
		expect(error.failure).toMatchObject({ kind: 'account', code: 1009, relogin: false });
		expect(error.message).toBe('SarvCRM login failed: Locked out');
		expect(error.failure.hint).toMatch(/administrator/i);
	});

	it.each([60, 1008, 1009])('code %i in the body → account', async (code) => {
		const error = await caught(login(reply(401, { status: 401, code, message: 'x' }), creds()));
		expect(error.failure).toMatchObject({ kind: 'account', code, relogin: false, retry: false });
	});

	it('an English account message without a code is refined to its code', async () => {
		const error = await caught(login(reply(401, { status: 401, message: 'Number of sessions exceeded.' }), creds()));
		expect(error.failure).toMatchObject({ kind: 'account', code: 60 });
	});

	it('HTTP 200 without a token is a login failure (code 10 by default)', async () => {
		const error = await caught(login(reply(200, { status: 200, message: '', data: [] }), creds()));
		expect(error.failure).toMatchObject({ kind: 'login', code: 10 });
		expect(error.message).toBe('SarvCRM login failed: Login attempt failed please check the username and password.');
	});

	it('a token on an HTTP error status is not accepted', async () => {
		const error = await caught(login(reply(500, { data: { token: 'T' } }), creds()));
		expect(error.failure.kind).toBe('login');
		expect(JSON.stringify(error)).not.toContain('"T"');
	});

	it('non-JSON reply', async () => {
		const error = await caught(login(reply(200, '<html><body>Welcome</body></html>'), creds()));
		expect(error.message).toBe('SarvCRM login at https://app.sarvcrm.com/API.php did not answer with JSON (HTTP 200)');
		expect(error.failure).toMatchObject({ kind: 'login', httpStatus: 200 });
		expect(error.failure.hint).toMatch(/API\.php/);
		expectNoSecret(error);
	});

	it('network error: names the Base URL, kind network, keeps nothing of the request', async () => {
		const request: HttpRequester = async (options) => {
			throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', config: options, options });
		};
		const error = await caught(login(request, creds({ baseUrl: 'https://crm.example.ir/API.php' })));
		expect(error.message).toBe('Could not reach SarvCRM at https://crm.example.ir/API.php (ECONNREFUSED)');
		expect(error.failure).toMatchObject({ kind: 'network', networkCode: 'ECONNREFUSED', retry: true, relogin: false });
		expect((error as Error & { cause?: unknown }).cause).toBeUndefined();
		expectNoSecret(error);
	});

	it('network error without a code uses its message', async () => {
		const error = await caught(
			login(async () => {
				throw new Error('socket hang up');
			}, creds()),
		);
		expect(error.message).toBe('Could not reach SarvCRM at https://app.sarvcrm.com/API.php (socket hang up)');
		expect(error.failure.kind).toBe('network');
	});

	it('bad Base URL or empty utype fails before any request', async () => {
		const request = jest.fn<Promise<unknown>, [IHttpRequestOptions]>();
		const e1 = await caught(login(request, creds({ baseUrl: 'ftp://x' })));
		expect(e1.failure.hint).toMatch(/Base URL/);
		expect(e1.failure.kind).toBe('login');
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

	it('20 concurrent calls after the client marked the token refused make one login', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 20 });
		const c = creds();
		const first = await obtainSessionToken(request, c);
		markRefused(c, first);
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

	it('n8n asking again with the fresh token (after a dropped connection) gets it back: no second session', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		expect(await obtainSessionToken(request, { ...c, sessionToken: t1 })).toBe(t1);
		expect(calls).toHaveLength(1);
	});

	it('a later call with the token the client marked refused logs in again', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		markRefused(c, t1);
		const t2 = await obtainSessionToken(request, { ...c, sessionToken: t1 });
		expect(t2).not.toBe(t1);
		expect(calls).toHaveLength(2);
		// and the fresh one is now what others reuse
		expect(await obtainSessionToken(request, { ...c, sessionToken: t1 })).toBe(t2);
		expect(calls).toHaveLength(2);
	});

	it('a token of this process older than a refused call is not reused (an expiry ended it too)', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const ours = await obtainSessionToken(request, c);
		// Another process stored its token; a call with it was refused after ours was obtained.
		markRefused(c, 'other-process-token', Date.now() + 1);
		const renewed = await obtainSessionToken(request, { ...c, sessionToken: '' });
		expect(renewed).not.toBe(ours);
		expect(calls).toHaveLength(2);
		// A refused call sent before our token was obtained leaves it alone.
		markRefused(c, 'older-call-token', 0);
		expect(await obtainSessionToken(request, { ...c, sessionToken: '' })).toBe(renewed);
		expect(calls).toHaveLength(2);
	});

	it('a late call with a token refused before (a stale credential read) keeps the renewal: no second login', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const old = await obtainSessionToken(request, c);
		markRefused(c, old, Date.now());
		const renewed = await obtainSessionToken(request, { ...c, sessionToken: '' });
		expect(calls).toHaveLength(2);
		// An execution that read the credential before the renewal was stored sends the old token later.
		markRefused(c, old, Date.now() + 1);
		expect(await obtainSessionToken(request, { ...c, sessionToken: '' })).toBe(renewed);
		expect(calls).toHaveLength(2);
	});

	it('a cached token older than the 30 s reuse window is not reused', async () => {
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

	it('a token marked refused is never handed out again, even inside the window', async () => {
		const { calls, request } = fakeLoginServer();
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		markRefused(c, t1);
		const t2 = await obtainSessionToken(request, c);
		expect(t2).not.toBe(t1);
		expect(calls).toHaveLength(2);
		// the new one is not refused: reused
		expect(await obtainSessionToken(request, { ...c, sessionToken: 'other' })).toBe(t2);
		expect(calls).toHaveLength(2);
	});

	it('markRefused with no token changes nothing; refusals are per credential', async () => {
		const { calls, request } = fakeLoginServer();
		const a = creds();
		const b = { ...a, password: 'other' };
		const ta = await obtainSessionToken(request, a);
		const tb = await obtainSessionToken(request, b);
		markRefused(a, undefined);
		markRefused(a, '');
		markRefused(b, ta);
		expect(await obtainSessionToken(request, a)).toBe(ta);
		expect(await obtainSessionToken(request, b)).toBe(tb);
		expect(calls).toHaveLength(2);
	});

	it('many callers renewing after the same refusal share one login', async () => {
		const { calls, request } = fakeLoginServer({ delayMs: 15 });
		const c = creds();
		const t1 = await obtainSessionToken(request, c);
		const renewed = await Promise.all(
			Array.from({ length: 10 }, async () => {
				markRefused(c, t1);
				return await obtainSessionToken(request, c);
			}),
		);
		expect(calls).toHaveLength(2);
		expect(new Set(renewed)).toEqual(new Set([`tok-${c.username}-2`]));
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

	it('a failed login rejects every waiter, is not cached, and the next call retries', async () => {
		const failing = fakeLoginServer({ delayMs: 10, fail: true });
		const c = creds();
		const results = await Promise.allSettled(Array.from({ length: 5 }, () => obtainSessionToken(failing.request, c)));
		expect(failing.calls).toHaveLength(1);
		for (const r of results) {
			expect(r.status).toBe('rejected');
			const reason = (r as PromiseRejectedResult).reason as SarvApiError;
			expect(reason).toBeInstanceOf(SarvApiError);
			expect(reason.failure).toMatchObject({ kind: 'login', code: 10 });
			expectNoSecret(reason);
		}
		const ok = fakeLoginServer({ delayMs: 0 });
		await expect(obtainSessionToken(ok.request, c)).resolves.toBe(`tok-${c.username}-1`);
		expect(ok.calls).toHaveLength(1);
	});
});

/**
 * A fake SarvCRM: Login hands out tok-1, tok-2, ...; other calls answer with `answer` given
 * the Bearer token they carried. Records every call.
 */
function fakeApi(answer: (token: string, call: number) => { statusCode: number; body: unknown }) {
	const logins: IHttpRequestOptions[] = [];
	const calls: Array<{ options: IHttpRequestOptions; token: string }> = [];
	const request: HttpRequester = async (options) => {
		await new Promise((r) => setTimeout(r, 2));
		if ((options.qs as { method?: string } | undefined)?.method === 'Login') {
			logins.push(options);
			return { statusCode: 200, body: { status: 200, data: { token: `tok-${logins.length}` } } };
		}
		const token = String((options.headers as Record<string, string>).Authorization ?? '').replace(/^Bearer /, '');
		calls.push({ options, token });
		return answer(token, calls.length);
	};
	return { logins, calls, request };
}

describe('ownLoginSender', () => {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: 'https://app.sarvcrm.com/API.php',
		qs: { method: 'Retrieve' },
		headers: { Accept: 'application/json' },
	};

	it('logs in once and sends every call with the Bearer token, status errors as replies', async () => {
		const api = fakeApi(() => ({ statusCode: 200, body: { status: 200, data: [] } }));
		const sender = ownLoginSender(api.request, creds());
		const sent = await Promise.all([sender.send(options), sender.send(options), sender.send(options)]);
		expect(api.logins).toHaveLength(1);
		expect(sent.map((s) => s.token)).toEqual(['tok-1', 'tok-1', 'tok-1']);
		for (const { options: o } of api.calls) {
			expect(o.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-1' });
			expect(o.ignoreHttpStatusErrors).toBe(true);
		}
	});

	it('sendRenewed logs in once for all callers that saw the same token refused', async () => {
		const api = fakeApi(() => ({ statusCode: 200, body: { status: 200, data: [] } }));
		const sender = ownLoginSender(api.request, creds());
		const first = await sender.send(options);
		const renewed = await Promise.all(Array.from({ length: 5 }, () => sender.sendRenewed(options, first.token)));
		expect(api.logins).toHaveLength(2);
		expect(new Set(renewed.map((r) => r.token))).toEqual(new Set(['tok-2']));
		// later sends use the new token without another login
		expect((await sender.send(options)).token).toBe('tok-2');
		expect(api.logins).toHaveLength(2);
	});
});

describe('ownLoginSender after a failed first login', () => {
	const options: IHttpRequestOptions = { method: 'POST', url: 'https://app.sarvcrm.com/API.php', qs: { method: 'Retrieve' } };

	// BUG (session.ts ownLoginSender.send: `current ??= obtainSessionToken(...)`): a first login
	// that fails (server down for a moment) leaves `current` a rejected promise, so every later
	// send() rejects with that old error and never logs in again; only sendRenewed resets it.
	it('a later send() logs in again', async () => {
		let loginsAnswered = 0;
		const request: HttpRequester = async (o) => {
			if ((o.qs as { method?: string }).method === 'Login') {
				if (++loginsAnswered === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
				return { statusCode: 200, body: { status: 200, data: { token: 'tok-ok' } } };
			}
			return { statusCode: 200, body: { status: 200, data: [] } };
		};
		const sender = ownLoginSender(request, creds());
		await expect(sender.send(options)).rejects.toBeInstanceOf(SarvApiError);
		await expect(sender.send(options)).resolves.toMatchObject({ token: 'tok-ok' });
	});
});

describe('SarvClient over ownLoginSender: one renewal per refusal', () => {
	const expired = { statusCode: 200, body: { status: 401, message: 'نشست منقضی شده' } };
	const ok = { statusCode: 200, body: { status: 200, message: '', data: [{ id: 'a' }] } };

	it('a refused session (401 in the body) is renewed once and the call retried', async () => {
		const api = fakeApi((token) => (token === 'tok-1' ? expired : ok));
		const client = new SarvClient(ownLoginSender(api.request, creds()), 'https://app.sarvcrm.com/API.php', 'acme');
		const result = await client.request({ method: 'Retrieve', httpMethod: 'POST', module: 'Leads', body: {} });
		expect(result.data).toEqual([{ id: 'a' }]);
		expect(api.logins).toHaveLength(2);
		expect(api.calls.map((c) => c.token)).toEqual(['tok-1', 'tok-2']);
	});

	it('a 403 that a new login does not cure fails once renewed, saying so, and no further logins', async () => {
		const api = fakeApi(() => ({ statusCode: 403, body: { status: 403, message: 'دسترسی ندارید' } }));
		const client = new SarvClient(ownLoginSender(api.request, creds()), 'https://app.sarvcrm.com/API.php', 'acme');
		const error = await caught(client.request({ method: 'Retrieve', httpMethod: 'POST', module: 'Leads', id: 'r1', body: {} }));
		expect(error.failure).toMatchObject({ kind: 'access', relogin: false, httpStatus: 403 });
		expect(error.message).toBe('SarvCRM denied access even after a new login: دسترسی ندارید');
		expect(error.site).toEqual({ module: 'Leads', recordId: 'r1' });
		expect(api.logins).toHaveLength(2);
		expect(api.calls).toHaveLength(2);
	});

	it('an account failure (code 60) is not retried with a new login', async () => {
		const api = fakeApi(() => ({ statusCode: 401, body: { status: 401, code: 60, message: 'Number of sessions exceeded.' } }));
		const client = new SarvClient(ownLoginSender(api.request, creds()), 'https://app.sarvcrm.com/API.php', 'acme');
		const error = await caught(client.request({ method: 'Retrieve', httpMethod: 'POST', module: 'Leads', body: {} }));
		expect(error.failure).toMatchObject({ kind: 'account', code: 60 });
		expect(api.logins).toHaveLength(1);
		expect(api.calls).toHaveLength(1);
	});
});
