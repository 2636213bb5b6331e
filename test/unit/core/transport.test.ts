import { failureOf, type SarvFailure } from '../../../nodes/core/failure';
import { SarvApiError } from '../../../nodes/core/errors';
import { rememberRefusal, refusedBefore, serverKnowledge } from '../../../nodes/core/server';
import { sendWithSession, type Attempt, type SessionCall } from '../../../nodes/core/transport';

const refusal = failureOf('access', { httpStatus: 403, code: 40, serverMessage: 'You do not have access.' });
const expired = failureOf('session', { httpStatus: 401, code: 11, serverMessage: 'The session ID is invalid.' });

let servers = 0;

/** A server where `module` answers `failure` to the sessions listed, and 'ok' otherwise; sessions s1, s2, ... */
function fakeServer(refuses: (session: string) => SarvFailure | undefined) {
	const server = serverKnowledge(`https://transport-${++servers}.test/API.php`);
	let current = 's1';
	let logins = 0;
	const sendWith = async (session: string): Promise<Attempt<string>> => {
		const failure = refuses(session);
		return failure ? { failure, session } : { answer: `ok with ${session}`, session };
	};
	const call = (module = 'Leads'): SessionCall<string> => ({
		send: async () => await sendWith(current),
		sendRenewed: async (refused) => {
			if (refused.session === current) current = `s${++logins + 1}`;
			return await sendWith(current);
		},
		renews: (failure) => failure.relogin,
		server,
		site: { module },
	});
	return { server, call, logins: () => logins };
}

describe('sendWithSession', () => {
	it('renews once on an expired session and answers the retry', async () => {
		const s = fakeServer((session) => (session === 's1' ? expired : undefined));
		expect(await sendWithSession(s.call())).toBe('ok with s2');
		expect(s.logins()).toBe(1);
	});

	it('a module that refuses the new session too: one renewal, then every later call fails at once', async () => {
		const s = fakeServer(() => refusal);
		const first = await sendWithSession(s.call()).catch((error: unknown) => error);
		expect(first).toBeInstanceOf(SarvApiError);
		expect((first as SarvApiError).message).toBe('SarvCRM denied access even after a new login: You do not have access.');
		expect(s.logins()).toBe(1);
		for (let i = 0; i < 20; i++) {
			const error = (await sendWithSession(s.call()).catch((e: unknown) => e)) as SarvApiError;
			expect(error.failure).toMatchObject({ kind: 'access', code: 40, relogin: false });
			expect(error.message).toContain('You do not have access.');
		}
		expect(s.logins()).toBe(1);
	});

	it('at any parallelism: callers that saw the same session refused share one renewal', async () => {
		const s = fakeServer(() => refusal);
		const settled = await Promise.allSettled(Array.from({ length: 50 }, async () => await sendWithSession(s.call())));
		expect(settled.every((r) => r.status === 'rejected')).toBe(true);
		expect(s.logins()).toBe(1);
	});

	it('the refusal is per module: another module under the same session is renewed as usual', async () => {
		const s = fakeServer((session) => (session === 's1' ? expired : refusal));
		await expect(sendWithSession(s.call('Leads'))).rejects.toThrow(/denied access/);
		expect(refusedBefore(s.server, 'Leads', 's2', refusal)).toBe(true);
		expect(refusedBefore(s.server, 'Accounts', 's2', refusal)).toBe(false);
		await expect(sendWithSession(s.call('Accounts'))).rejects.toThrow(/denied access/);
		expect(s.logins()).toBe(2);
	});

	it('a session that is over is always renewed, even where the module refused that session before', async () => {
		const s = fakeServer((session) => (session === 's1' ? expired : undefined));
		rememberRefusal(s.server, 'Leads', 's1', refusal);
		expect(await sendWithSession(s.call())).toBe('ok with s2');
	});

	it('a 403 in other words than the refusal (an expiry some servers report as 403) is renewed', async () => {
		const persianExpiry = failureOf('access', { httpStatus: 403, serverMessage: 'نشست شما منقضی شده است' });
		const s = fakeServer((session) => (session === 's1' ? persianExpiry : undefined));
		rememberRefusal(s.server, 'Leads', 's1', refusal);
		expect(await sendWithSession(s.call())).toBe('ok with s2');
		expect(s.logins()).toBe(1);
	});

	it('a failure the classifier does not renew for fails at once, never marked for a new login', async () => {
		const s = fakeServer(() => refusal);
		const call = { ...s.call(), renews: () => false };
		const error = (await sendWithSession(call).catch((e: unknown) => e)) as SarvApiError;
		expect(error.failure).toMatchObject({ kind: 'access', relogin: false, serverMessage: 'You do not have access.' });
		expect(s.logins()).toBe(0);
	});
});

describe('serverKnowledge', () => {
	it('is one record per server, however its Base URL was typed', () => {
		const a = serverKnowledge('https://one.example/API.php');
		expect(serverKnowledge(' https://one.example/API.php/ ')).toBe(a);
		expect(serverKnowledge('https://two.example/API.php')).not.toBe(a);
	});

	it('keeps a few refused sessions per module, as fingerprints', () => {
		const known = serverKnowledge('https://refusals.example/API.php');
		for (let i = 0; i < 10; i++) rememberRefusal(known, 'Leads', `token-${i}`, refusal);
		expect(known.refusals.get('Leads')).toHaveLength(4);
		expect(JSON.stringify([...known.refusals])).not.toContain('token-');
		expect(refusedBefore(known, 'Leads', 'token-9', refusal)).toBe(true);
		expect(refusedBefore(known, 'Leads', 'token-9', expired)).toBe(false);
		expect(refusedBefore(known, 'Leads', 'token-0', refusal)).toBe(false);
		expect(refusedBefore(known, 'Leads', undefined, refusal)).toBe(false);
	});
});
