/**
 * Errors under Persian-only messages and without a `code` in the body: the hint follows
 * from status and reply shape, and the server's Persian text is shown verbatim beside it.
 */
import { findErrorCode } from '../../../nodes/core/errorCodes';
import type { SandboxProfile } from '../../sandbox';
import { hasPersian } from '../../sandbox/messages';
import { label, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const PROFILES: Array<Partial<SandboxProfile>> = [
	{ messages: 'english' },
	{ messages: 'persian-only' },
	{ errorCode: 'absent' },
	{ messages: 'persian-only', errorCode: 'absent' },
];
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

eachVersion(() => {
	describe.each(PROFILES.map((p) => [label(p), p] as const))('%s', (profile, changes) => {
		underProfile(harness, changes);

		it('Get of a missing record gives the deleted-record hint and the server message', async () => {
			const h = harness();
			const result = await h.runNode({ resource: 'Leads', operation: 'get', recordId: { __rl: true, mode: 'id', value: MISSING_ID } });
			const error = result.error!;
			expect(error).toBeDefined();
			const text = `${error.message}\n${error.description ?? ''}`;
			expect(text).toContain(findErrorCode(22)!.hint);
			if (changes.messages === 'persian-only') expect(hasPersian(text)).toBe(true);
		});

		it('a wrong password gives the invalid-login hint and the server message', async () => {
			const h = harness();
			const credentialId = h.credentials.add({ password: 'not-the-password' }, `wrong ${profile}`);
			const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 }, undefined, { credentialId });
			const text = `${result.error?.message ?? ''}\n${result.error?.description ?? ''}`;
			expect(text).toContain(findErrorCode(10)!.hint);
			if (changes.messages === 'persian-only') expect(hasPersian(text)).toBe(true);
			expect(text).not.toContain('not-the-password');
		});
	});
});
