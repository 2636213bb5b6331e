/**
 * Phone numbers with and without the `numbers` field: they reach a phone field of the
 * record, or the item fails before anything is written; never dropped with a success.
 */
import { PROFILE_VALUES } from '../../sandbox';
import { profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const digits = (v: unknown) => JSON.stringify(v ?? '').replace(/\D/g, '');

eachVersion(() => {
	describe.each(PROFILE_VALUES.numbersField.map((n) => [`numbersField=${String(n)}`, n] as const))('%s', (profile, numbersField) => {
		underProfile(harness, { numbersField });

		it('Create with a phone number stores it in a phone field, or fails and writes nothing', async () => {
			const h = harness();
			const before = h.sandbox.records('Leads').length;
			const result = await h.runNode({
				resource: 'Leads',
				operation: 'create',
				fieldsInput: 'list',
				fields: {
					field: [
						{ name: 'last_name', value: 'Phoned' },
						{ name: 'status', value: 'New' },
					],
				},
				phoneNumbers: { number: [{ type: 'Mobile', number: '09121112233', phoneCode: '+98', primary: true }] },
			});
			if (result.error) {
				expect(h.sandbox.records('Leads')).toHaveLength(before);
				return;
			}
			const id = String(result.assertSuccess().json()[0].id);
			const stored = h.sandbox.getRecord('Leads', id)!;
			const phoneValues = ['numbers', 'phone_mobile', 'phone_work'].map((f) => digits(stored[f]));
			expect(phoneValues.some((d) => d.includes('9121112233'))).toBe(true);
		});

		it('Create with auto-mapped input numbers stores them, or fails and writes nothing', async () => {
			const h = harness();
			const before = h.sandbox.records('Leads').length;
			const result = await h.runNode(
				{ resource: 'Leads', operation: 'create', fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null } },
				[{ last_name: 'Auto Phoned', status: 'New', numbers: ['09124445566'] }],
			);
			if (result.error) {
				expect(h.sandbox.records('Leads')).toHaveLength(before);
				return;
			}
			const stored = h.sandbox.getRecord('Leads', String(result.assertSuccess().json()[0].id))!;
			expect(['numbers', 'phone_mobile', 'phone_work'].map((f) => digits(stored[f])).some((d) => d.includes('9124445566'))).toBe(true);
		});

		it('Search by Phone Number finds a seeded record by its number', async () => {
			const h = harness();
			const lead = h.sandbox.records('Leads').find((r) => digits(r.numbers ?? r.phone_mobile).length >= 10)!;
			const number = digits(lead.numbers ?? lead.phone_mobile).slice(0, 11);
			const result = await h.runNode({ resource: 'Leads', operation: 'searchByNumber', phoneNumber: number });
			expect(result.error?.message).toBeUndefined();
			expect(
				result
					.assertSuccess()
					.json()
					.map((r) => r.id),
			).toContain(lead.id);
		});
	});
});
