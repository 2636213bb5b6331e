/**
 * The session token across executions, as n8n handles it: the first execution logs in
 * (the hidden, expirable sessionToken is empty), n8n stores the token, later executions
 * reuse it, and when SarvCRM answers HTTP 401 n8n-core logs in again and retries once.
 * Workflows: Start → SarvCRM, run through n8n's WorkflowExecute.
 */
import { startHarness, type Harness } from '../harness';

const getFields = { resource: 'Leads', operation: 'getFields' };

describe('SarvCRM session token', () => {
	let h: Harness;
	let leadId: string;

	beforeEach(async () => {
		h = await startHarness();
		leadId = String(h.sandbox.records('Leads')[0].id);
	});
	afterEach(async () => {
		await h.close();
	});

	const getLead = () => ({ resource: 'Leads', operation: 'get', recordId: leadId });

	it('logs in once and reuses the stored token in the next execution', async () => {
		const first = await h.runNode(getFields);
		first.assertSuccess();
		expect(first.json().length).toBeGreaterThan(0);
		expect(h.sandbox.calls('Login')).toBe(1);
		const token = h.credentials.token();
		expect(token).not.toBe('');
		expect(h.credentials.updates()).toBe(1);

		const second = await h.runNode(getLead());
		second.assertSuccess();
		expect(second.json()).toEqual([expect.objectContaining({ id: leadId })]);
		expect(second.items()[0].pairedItem).toEqual({ item: 0 });

		// Still the one login; no further credential write; the same token went out.
		expect(h.sandbox.calls('Login')).toBe(1);
		expect(h.credentials.updates()).toBe(1);
		expect(h.credentials.token()).toBe(token);
		expect(h.sandbox.log.filter((e) => e.method !== 'Login').every((e) => e.authorized)).toBe(true);
	});

	it('starts with the token a credential already has (no login at all)', async () => {
		await h.runNode(getFields);
		h.sandbox.clearLog();

		const again = await h.runNode(getLead());
		again.assertSuccess();
		expect(h.sandbox.calls('Login')).toBe(0);
	});

	it('refreshes an expired session transparently: one new login, then success', async () => {
		(await h.runNode(getFields)).assertSuccess();
		const oldToken = h.credentials.token();
		h.sandbox.expireAllTokens();
		h.sandbox.clearLog();

		const result = await h.runNode(getLead());

		result.assertSuccess();
		expect(result.json()).toEqual([expect.objectContaining({ id: leadId })]);
		expect(h.sandbox.calls('Login')).toBe(1);
		// The refused call, then the same call once with the new session (logged in by n8n's
		// preAuthentication, which stores it): no call is sent twice with the dead token.
		const retrieves = h.sandbox.log.filter((e) => e.method === 'Retrieve');
		expect(retrieves.map((e) => e.authorized)).toEqual([false, true]);
		expect(retrieves[0].status).toBe(401);

		// n8n persisted the new token: the store changed, and the next run uses it without a login.
		const newToken = h.credentials.token();
		expect(newToken).not.toBe('');
		expect(newToken).not.toBe(oldToken);
		expect(h.credentials.updates()).toBe(2);

		h.sandbox.clearLog();
		(await h.runNode(getLead())).assertSuccess();
		expect(h.sandbox.calls('Login')).toBe(0);
	});

	it('a stored token the server no longer knows is replaced on the first call', async () => {
		h.credentials.set({ ...h.credentials.get(), sessionToken: 'stale-token-from-yesterday' });

		const result = await h.runNode(getFields);

		result.assertSuccess();
		expect(h.sandbox.calls('Login')).toBe(1);
		expect(h.credentials.token()).not.toBe('stale-token-from-yesterday');
	});

	it('a wrong password fails the execution with SarvCRM’s message, not a token error', async () => {
		h.credentials.set({ ...h.credentials.get(), password: 'wrong-password-1' });

		const result = await h.runNode(getFields);

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Login attempt failed|login failed/i);
		expect(result.error?.message ?? '').not.toContain('wrong-password-1');
		expect(result.error?.description).toMatch(/SarvCRM error code 10/);
		expect(result.error?.description).toMatch(/Username, Password and Instance Key/);
		const md5 = require('crypto').createHash('md5').update('wrong-password-1').digest('hex');
		expect(JSON.stringify(result.error)).not.toContain(md5);
		expect(result.nodeError()?.message).toBe(result.error?.message);
		expect(h.credentials.token()).toBe('');
	});
});
