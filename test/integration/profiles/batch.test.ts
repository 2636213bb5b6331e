/**
 * Create or Update with the same match value twice in one input: handled in order (the
 * first creates, the rest update) at any parallelism, under the default profile.
 */
import { profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();

eachVersion((version) => {
	describe.each([1, 4, 20].map((p) => [`default,maxParallel=${p}`, p] as const))('%s', (profile, maxParallel) => {
		it('items sharing a match value create one record, then update it', async () => {
			const h = harness();
			const emails = Array.from({ length: 5 }, (_, i) => `twice${version}-${maxParallel}-${i}@example.com`);
			const items = emails.flatMap((email) => [email, email]).map((email, i) => ({ email, last: `Run ${i}` }));
			const result = await h.runNode(
				{
					resource: 'Contacts',
					operation: 'upsert',
					fieldsInput: 'list',
					matchFields: ['email1'],
					fields: {
						field: [
							{ name: 'email1', value: '={{ $json.email }}' },
							{ name: 'last_name', value: '={{ $json.last }}' },
						],
					},
					options: { maxParallel },
				},
				items,
			);
			expect(result.error?.message).toBeUndefined();
			expect(
				result
					.assertSuccess()
					.json()
					.map((r) => r.upsertResult),
			).toEqual(emails.flatMap(() => ['created', 'updated']));
			for (const [i, email] of emails.entries()) {
				expect(h.sandbox.records('Contacts').filter((c) => c.email1 === email)).toEqual([
					expect.objectContaining({ last_name: `Run ${2 * i + 1}` }),
				]);
			}
		});
	});

	/** Trailing spaces in a match value: the database decides whether they count (textCompare). */
	describe.each([
		['textCompare=pad-space', 'pad-space', 'updated'],
		['textCompare=exact', 'exact', 'created'],
	] as const)('%s', (profile, textCompare, expected) => {
		underProfile(harness, { textCompare });

		it('a match value with trailing spaces matches as the server compares', async () => {
			const h = harness();
			const email = `pad-${version}-${textCompare}@example.com`;
			const existing = String(h.sandbox.insert('Contacts', { last_name: 'Padded', email1: email }).id);
			const result = await h.runNode(
				{
					resource: 'Contacts',
					operation: 'upsert',
					fieldsInput: 'list',
					matchFields: ['email1'],
					fields: {
						field: [
							{ name: 'email1', value: `${email}  ` },
							{ name: 'last_name', value: 'Again' },
						],
					},
				},
				[{}],
			);
			const [out] = result.assertSuccess().json();
			expect(out.upsertResult).toBe(expected);
			if (expected === 'updated') expect(out.id).toBe(existing);
			else expect(h.sandbox.getRecord('Contacts', existing)).toMatchObject({ last_name: 'Padded' });
		});
	});
});
