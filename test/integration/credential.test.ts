/**
 * The credential modal's "Test" button, against the sandbox: n8n's credential-test path
 * (preAuthentication as a test, then the credential's test request through RoutingNode).
 * Messages are asserted as the user reads them under the form.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

import { startHarness, type Harness } from '../harness';

const PASSWORD = 'sarv-demo';
const WRONG_PASSWORD = 'not-the-password-123';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A port where nothing listens: take a free one from the OS, then give it back. */
async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}/API.php`;
}

/** The message must never leak the password, in clear or as the MD5 the API receives. */
function expectNoSecrets(message: string | undefined, password: string) {
	expect(message ?? '').not.toContain(password);
	expect(message ?? '').not.toContain(md5(password));
}

describe('SarvCRM credential: Test button', () => {
	let h: Harness;

	beforeEach(async () => {
		h = await startHarness();
	});
	afterEach(async () => {
		await h.close();
	});

	it('succeeds for the demo instance: logs in, then reads the Accounts fields with the token', async () => {
		const result = await h.testCredential();

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const calls = h.sandbox.log.map((e) => [e.method, e.status, e.authorized]);
		expect(calls).toEqual([
			['Login', 200, false],
			['GetModuleFields', 200, true],
		]);
		expect(h.sandbox.log[1].module).toBe('Accounts');
		// The login sent the MD5 of the password, never the password (the sandbox log redacts it).
		expect(JSON.stringify(h.sandbox.log)).not.toContain(PASSWORD);
	});

	it('stores the token it obtained, like n8n does for a saved credential', async () => {
		expect(h.credentials.token()).toBe('');
		await h.testCredential();
		expect(h.credentials.token()).not.toBe('');
		expect(h.credentials.updates(h.credentialId)).toBe(1);
	});

	it('a second test moments later uses the session the first one opened; a changed password logs in again', async () => {
		await h.testCredential();
		await h.testCredential();
		// The same URL, utype, user and password proved themselves seconds ago: no second session.
		expect(h.sandbox.calls('Login')).toBe(1);
		await h.testCredential({ password: 'another-password' });
		expect(h.sandbox.calls('Login')).toBe(2);
	});

	it('fails with SarvCRM’s own message for a wrong password', async () => {
		const result = await h.testCredential({ password: WRONG_PASSWORD });

		expect(result).toEqual({
			status: 'Error',
			message: 'SarvCRM login failed: Login attempt failed please check the username and password.',
		});
		expectNoSecrets(result.message, WRONG_PASSWORD);
		// Nothing beyond the failed login was attempted.
		expect(h.sandbox.log.map((e) => e.method)).toEqual(['Login']);
	});

	it('fails with SarvCRM’s message for a wrong instance key (utype)', async () => {
		const result = await h.testCredential({ utype: 'no-such-company' });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/login/i);
		expect(result.message).not.toBe('Connection successful!');
		expectNoSecrets(result.message, PASSWORD);
	});

	it('fails clearly when nothing listens at the Base URL', async () => {
		const baseUrl = await closedPortUrl();
		const result = await h.testCredential({ baseUrl });

		expect(result.status).toBe('Error');
		// n8n's NodeApiError turns ECONNREFUSED into its own sentence (the credential's
		// "Could not reach SarvCRM at …" does not survive that wrapping).
		expect(result.message).toMatch(/refused the connection|could not reach/i);
		expectNoSecrets(result.message, PASSWORD);
	});

	it('fails clearly when the Base URL is a web server but not the SarvCRM API', async () => {
		const baseUrl = h.url.replace(/API\.php$/, 'index.html');
		const result = await h.testCredential({ baseUrl });

		expect(result.status).toBe('Error');
		expect(result.message).toBe(`SarvCRM login at ${baseUrl} did not answer with JSON (HTTP 404)`);
		expectNoSecrets(result.message, PASSWORD);
	});

	it('fails for a Base URL that is not a URL, without any request', async () => {
		const result = await h.testCredential({ baseUrl: 'app.sarvcrm.com/API.php' });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Base URL "app\.sarvcrm\.com\/API\.php" is not a valid URL/);
		expectNoSecrets(result.message, PASSWORD);
		expect(h.sandbox.calls()).toBe(0);
	});

	describe('for users and servers beyond the demo admin', () => {
		let other: Harness;
		afterEach(async () => {
			await other?.close();
		});

		it('succeeds for a valid user without access to Accounts: the access-denied answer proves the login', async () => {
			other = await startHarness({
				sandbox: { users: [{ user_name: 'sales', password: PASSWORD, deniedModules: ['Accounts'] }] },
				credential: { username: 'sales' },
			});
			const result = await other.testCredential();

			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(other.sandbox.log.map((e) => [e.method, e.status, e.authorized])).toEqual([
				['Login', 200, false],
				['GetModuleFields', 403, true],
			]);
		});

		it('the same user still fails with SarvCRM’s message for a wrong password', async () => {
			other = await startHarness({
				sandbox: { users: [{ user_name: 'sales', password: PASSWORD, deniedModules: ['Accounts'] }] },
				credential: { username: 'sales' },
			});
			const result = await other.testCredential({ password: WRONG_PASSWORD });

			expect(result).toEqual({
				status: 'Error',
				message: 'SarvCRM login failed: Login attempt failed please check the username and password.',
			});
			expectNoSecrets(result.message, WRONG_PASSWORD);
		});

		it.each(['http401', 'http403', 'body401'] as const)(
			'fails when the server logs in but refuses the new token (session reported as %s)',
			async (authFailure) => {
				other = await startHarness({ sandbox: { tokenLifetimeMs: 0, authFailure } });
				const result = await other.testCredential();

				expect(result).toEqual({
					status: 'Error',
					message: 'SarvCRM accepted the login but refused its session token: check that the Base URL is the API.php of this instance',
				});
				expect(other.sandbox.log.map((e) => e.method)).toEqual(['Login', 'GetModuleFields']);
			},
		);
	});
});
