/**
 * Expired sessions under every way a server reports them: one re-login, one retry,
 * coalesced across items, and never stuck on a dead token in later executions.
 */
import { PROFILE_VALUES } from '../../sandbox';
import { forgetSession, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const fiveItems = Array.from({ length: 5 }, (_, i) => ({ i }));
const getOne = { resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1, options: { maxParallel: 4 } };

eachVersion(() => {
	describe.each(PROFILE_VALUES.session.map((session) => [`session=${session}`, session] as const))('%s', (profile, session) => {
		underProfile(harness, { session });

		it('an expired token costs one login for all items, then the call is retried', async () => {
			const h = harness();
			forgetSession(h);
			(await h.runNode(getOne)).assertSuccess();
			h.sandbox.expireAllTokens();
			h.sandbox.clearLog();
			const result = await h.runNode(getOne, fiveItems);
			expect(result.error?.message).toBeUndefined();
			expect(result.assertSuccess().json()).toHaveLength(5);
			expect(h.sandbox.calls('Login')).toBe(1);
			h.sandbox.clearLog();
			(await h.runNode(getOne)).assertSuccess();
			expect(h.sandbox.calls('Login')).toBe(0);
		});

		it('a later execution is never stuck on the dead token', async () => {
			const h = harness();
			forgetSession(h);
			(await h.runNode(getOne)).assertSuccess();
			h.sandbox.expireAllTokens();
			await h.runNode(getOne);
			const later = await h.runNode(getOne);
			expect(later.error?.message).toBeUndefined();
			expect(later.assertSuccess().json()).toHaveLength(1);
		});
	});

	describe('session=invalid-session-401,access-denied', () => {
		const profile = 'session=invalid-session-401,access-denied';
		underProfile(harness, {});

		it('a 403 "access denied" gets one re-login and one retry, then an error that says access', async () => {
			const h = harness();
			forgetSession(h);
			(await h.runNode(getOne)).assertSuccess();
			h.sandbox.clearLog();
			h.sandbox.failNext(
				2,
				{ type: 'status', status: 403, body: { status: 403, code: 40, message: 'You do not have access.', data: [] } },
				'Retrieve',
			);
			const result = await h.runNode(getOne);
			expect(h.sandbox.calls('Login')).toBe(1);
			expect(h.sandbox.calls('Retrieve')).toBe(2);
			expect(`${result.error?.message} ${result.error?.description}`).toMatch(/access/i);
		});
	});
});
