/**
 * Token: expiry between executions and in the middle of a Return All, a login
 * refused after expiry, and the login codes that need their own message (60, 1008, 1009),
 * on sandboxes that report an invalid session as HTTP 401, 403 or HTTP 200 + status 401.
 */
import { startHarness, type Harness } from '../../harness';
import type { SandboxUser } from '../../sandbox/server';
import { getLead, runExpectingError } from './helpers';

const SESSION_401_BODY = { status: 401, code: 11, message: 'The session ID is invalid.', data: [] };
// One page after another (Max Parallel Requests 1): the order of the pages is part of what is checked.
const getAll = (pageSize: number) => ({ resource: 'Leads', operation: 'getAll', returnAll: true, options: { pageSize, maxParallel: 1 } });

function expectEveryRecordOnce(h: Harness, out: Array<{ id?: unknown }>) {
	const expected = h.sandbox
		.records('Leads')
		.map((r) => String(r.id))
		.sort();
	const got = out.map((r) => String(r.id)).sort();
	expect(got).toHaveLength(expected.length);
	expect(new Set(got).size).toBe(got.length);
	expect(got).toEqual(expected);
}

describe.each(['http401', 'body401', 'http403'] as const)('reliability: token on a %s sandbox', (authFailure) => {
	// On HTTP 401 the node asks once more so that n8n itself logs in and stores the token:
	// one extra call per expiry. A session error in a 200/403 body is retried with the node's own login.
	const viaN8n = authFailure === 'http401';
	let h: Harness;
	let leadId: string;

	beforeEach(async () => {
		h = await startHarness({ sandbox: { authFailure } });
		leadId = String(h.sandbox.records('Leads')[0].id);
	});
	afterEach(async () => {
		await h.close();
	});

	it('expired between executions: refreshed transparently with one login', async () => {
		(await h.runNode(getLead(leadId))).assertSuccess();
		h.sandbox.expireAllTokens();
		h.sandbox.clearLog();

		const result = await h.runNode(getLead(leadId));

		result.assertSuccess();
		expect(result.json()).toEqual([expect.objectContaining({ id: leadId })]);
		expect(h.sandbox.calls('Login')).toBe(1);
		expect(h.sandbox.log.filter((e) => e.method === 'Retrieve').map((e) => e.authorized)).toEqual([false, true]);
	});

	it('expired in the middle of a Return All: every record exactly once, one login', async () => {
		(await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess();
		h.sandbox.clearLog();
		// 30 seeded leads, pages of 7: offsets 0, 7, 14, 21, 28. The 3rd page finds the session gone.
		let pages = 0;
		const sessions = h.sandbox as unknown as { apiRequest: (...a: unknown[]) => Promise<void> };
		const original = sessions.apiRequest;
		sessions.apiRequest = async function (this: unknown, ...args: unknown[]) {
			const url = args[1] as URL;
			if (url.searchParams.get('method') === 'Retrieve' && ++pages === 3) h.sandbox.expireAllTokens();
			return await original.apply(this, args);
		};

		const result = await h.runNode(getAll(7));
		sessions.apiRequest = original;

		result.assertSuccess();
		expectEveryRecordOnce(h, result.json());
		expect(h.sandbox.calls('Login')).toBe(1);
		const retrieves = h.sandbox.log.filter((e) => e.method === 'Retrieve');
		expect(retrieves.map((e) => (e.body as { offset: number }).offset)).toEqual([0, 7, 14, 14, 21, 28]);
		expect(retrieves.map((e) => e.authorized)).toEqual([true, true, false, true, true, true]);
	});

	it('login refused after expiry (password changed on the server): a clear credential error, no retry loop', async () => {
		(await h.runNode(getLead(leadId))).assertSuccess();
		h.credentials.set({ ...h.credentials.get(), password: 'changed-elsewhere-42' });
		h.sandbox.expireAllTokens();
		h.sandbox.clearLog();

		const { message, description } = await runExpectingError(h, getLead(leadId));

		expect(message).toMatch(/login failed|Login attempt failed/i);
		expect(description).toMatch(/Username, Password and Instance Key/);
		expect(description).toMatch(/SarvCRM error code 10/);
		expect(h.sandbox.calls('Login')).toBeGreaterThanOrEqual(1);
		expect(h.sandbox.calls('Login')).toBeLessThanOrEqual(2);
		expect(h.sandbox.calls('Retrieve')).toBeLessThanOrEqual(2);
	});
});

describe('reliability: token expiry mid Return All via an injected session error', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(async () => {
		(await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess();
		h.sandbox.clearLog();
	});

	const pageTest = async (fault: { type: 'status'; status: number; body: unknown }, logins: number) => {
		h.sandbox.failNext(2, { type: 'delay', ms: 0 }, 'Retrieve');
		h.sandbox.failNext(1, fault, 'Retrieve');

		const result = await h.runNode(getAll(7));

		result.assertSuccess();
		expectEveryRecordOnce(h, result.json());
		// Any session error gets one new session: the refused token is never reused.
		expect(h.sandbox.calls('Login')).toBe(logins);
		const offsets = h.sandbox.log.filter((e) => e.method === 'Retrieve').map((e) => (e.body as { offset: number }).offset);
		expect(offsets).toEqual([0, 7, 14, 14, 21, 28]);
	};

	it('HTTP 401 + code 11 on the 3rd page: one new session, the page is fetched again, no record lost or repeated', async () => {
		await pageTest({ type: 'status', status: 401, body: SESSION_401_BODY }, 1);
	});
	it('HTTP 200 + status 401, code 11 in the body on the 3rd page: the page is fetched again', async () => {
		await pageTest({ type: 'status', status: 200, body: SESSION_401_BODY }, 1);
	});
	it('HTTP 403 + code 11 on the 3rd page: the page is fetched again', async () => {
		await pageTest({ type: 'status', status: 403, body: SESSION_401_BODY }, 1);
	});
});

describe('reliability: tokens that expire by themselves during a long Return All', () => {
	let h: Harness;
	beforeAll(async () => {
		// Each token lives 250 ms and each call takes 40 ms: 11 pages outlive several tokens.
		h = await startHarness({ sandbox: { tokenLifetimeMs: 250, latencyMs: 40 } });
	});
	afterAll(async () => {
		await h.close();
	});

	it('every record exactly once, a bounded number of logins', async () => {
		const result = await h.runNode(getAll(3));
		result.assertSuccess();
		expectEveryRecordOnce(h, result.json());
		const logins = h.sandbox.calls('Login');
		expect(logins).toBeGreaterThanOrEqual(2);
		expect(logins).toBeLessThanOrEqual(6);
		// Every refused page was asked again at the same offset.
		const offsets = h.sandbox.log.filter((e) => e.method === 'Retrieve' && e.authorized).map((e) => (e.body as { offset: number }).offset);
		expect(offsets).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
	});
});

describe('reliability: login codes with their own message', () => {
	let h: Harness;
	const users: SandboxUser[] = [
		{ user_name: 'admin', password: 'sarv-demo' },
		{ user_name: 'expired', password: 'pw-expired', state: 'passwordExpired' },
		{ user_name: 'locked', password: 'pw-locked', state: 'lockedOut' },
		{ user_name: 'busy', password: 'pw-busy', maxSessions: 1 },
		{ user_name: 'rotated', password: 'pw-before' },
	];

	beforeAll(async () => {
		h = await startHarness({ sandbox: { users } });
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(() => h.sandbox.clearLog());

	const runAs = async (username: string, password: string, settings = {}) => {
		const credentialId = h.credentials.add({ username, password });
		const result = await h.runNode({ resource: 'Leads', operation: 'getFields' }, [{}], { credentialId, ...settings });
		expect(result.status).toBe('error');
		const error = result.error as Error & { description?: string };
		return { message: error.message, description: error.description ?? '' };
	};

	it('code 1008, password expired: its own message and what to do; one login', async () => {
		const { message, description } = await runAs('expired', 'pw-expired');
		expect(message).toMatch(/password has expired/i);
		expect(description).toMatch(/set a new password/i);
		expect(description).toMatch(/code 1008/);
		expect(h.sandbox.calls('Login')).toBe(1);
		expect(h.sandbox.calls('GetModuleFields')).toBe(0);
	});

	it('code 1009, locked out: its own message, and no further login attempts even with Retry On Fail off', async () => {
		const { message, description } = await runAs('locked', 'pw-locked');
		expect(message).toMatch(/locked out/i);
		expect(description).toMatch(/unlock/i);
		expect(description).toMatch(/code 1009/);
		expect(h.sandbox.calls('Login')).toBe(1);
	});

	it('code 60, sessions exceeded (another client holds the only session): its own message', async () => {
		// Another application logs in as "busy" and keeps its session.
		const other = await fetch(`${h.url}?method=Login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				utype: 'demo',
				user_name: 'busy',
				password: require('crypto').createHash('md5').update('pw-busy').digest('hex'),
			}),
		});
		expect(other.status).toBe(200);
		h.sandbox.clearLog();

		const { message, description } = await runAs('busy', 'pw-busy');

		expect(message).toMatch(/sessions exceeded/i);
		expect(description).toMatch(/too many open sessions/);
		expect(description).toMatch(/code 60/);
		expect(h.sandbox.calls('Login')).toBe(1);
	});

	it('password changed on the server after expiry, with Retry On Fail: logins stay bounded by the tries', async () => {
		const credentialId = h.credentials.add({ username: 'rotated', password: 'pw-before' });
		(await h.runNode({ resource: 'Leads', operation: 'getFields' }, [{}], { credentialId })).assertSuccess();
		users[4].password = 'pw-after';
		h.sandbox.expireAllTokens();
		h.sandbox.clearLog();

		const result = await h.runNode({ resource: 'Leads', operation: 'getFields' }, [{}], {
			credentialId,
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 10,
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/login failed|Login attempt failed/i);
		// One login per try, never a loop inside a try.
		expect(h.sandbox.calls('Login')).toBeLessThanOrEqual(3);
		expect(h.sandbox.calls('Login')).toBeGreaterThanOrEqual(1);
	});
});
