/** One-record replies as array or object, multienum values as `^a^,^b^` or array. */
import type { SandboxProfile } from '../../sandbox';
import { label, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const PROFILES: Array<Partial<SandboxProfile>> = [
	{ singleRecordShape: 'array' },
	{ singleRecordShape: 'object' },
	{ multienum: 'caret' },
	{ multienum: 'array' },
];
const LOYALTY = 'demo_loyalty_c';
const recordId = (id: string) => ({ __rl: true, mode: 'id', value: id });

eachVersion(() => {
	describe.each(PROFILES.map((p) => [label(p), p] as const))('%s', (profile, changes) => {
		underProfile(harness, changes);

		it('Get returns the one record with its fields', async () => {
			const h = harness();
			const id = String(h.sandbox.insert('Contacts', { last_name: 'Shape', [LOYALTY]: '^gold^,^vip^' }).id);
			const json = (await h.runNode({ resource: 'Contacts', operation: 'get', recordId: recordId(id) })).assertSuccess().json();
			expect(json).toEqual([expect.objectContaining({ id, last_name: 'Shape' })]);
		});

		it('a multienum read by Get goes back unchanged through Update (auto-mapped)', async () => {
			const h = harness();
			const id = String(h.sandbox.insert('Contacts', { last_name: 'Tiers', [LOYALTY]: '^gold^,^vip^' }).id);
			const read = (
				await h.runNode({ resource: 'Contacts', operation: 'get', recordId: recordId(id), options: { fields: ['id', LOYALTY] } })
			)
				.assertSuccess()
				.json()[0];
			const updated = await h.runNode(
				{
					resource: 'Contacts',
					operation: 'update',
					recordId: recordId(id),
					fieldsInput: 'mapper',
					columns: { mappingMode: 'autoMapInputData', value: null },
				},
				[{ [LOYALTY]: read[LOYALTY] }],
			);
			expect(updated.error?.message).toBeUndefined();
			expect(h.sandbox.getRecord('Contacts', id)![LOYALTY]).toBe('^gold^,^vip^');
		});
	});
});
