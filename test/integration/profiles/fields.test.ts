/**
 * Where custom fields live and whether relate / non-db fields are columns: every field a
 * picker offers must work in a filter, a sort or a match, and custom fields are found.
 */
import { SUITECRM7_PHP8, type SandboxProfile } from '../../sandbox';
import { label, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const NATIONAL_CODE = 'demo_national_code_c';
const PROFILES: Array<Partial<SandboxProfile>> = [
	{ customFieldTable: 'same', nonColumnFields: 'accepted' },
	{ customFieldTable: 'cstm' },
	{ nonColumnFields: 'mysql-1054' },
	// SuiteCRM 7's service2 on PHP 8: its count joins leads_cstm and fails opaquely on leads.x_c.
	{ ...SUITECRM7_PHP8 },
];

/** Field names a picker offers for Leads → Get Many. */
async function offered(method: string): Promise<string[]> {
	return (await harness().loadOptions(method, { resource: 'Leads', operation: 'getAll' })).map((o) => String(o.value));
}

/** Fields whose Get Many failed (with the error), among `fields`. */
async function failing(fields: string[], parameters: (field: string) => Record<string, unknown>): Promise<string[]> {
	const failed: string[] = [];
	for (const field of fields) {
		const result = await harness().runNode({ resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1, ...parameters(field) });
		if (result.error) failed.push(`${field}: ${result.error.message}`);
	}
	return failed;
}

eachVersion(() => {
	describe.each(PROFILES.map((p) => [label(p), p] as const))('%s', (profile, changes) => {
		underProfile(harness, changes);

		it('every field the filter picker offers filters without a MySQL error', async () => {
			const fields = await offered('getFilterFields');
			expect(fields).toContain('last_name');
			expect(await failing(fields, (field) => ({ filters: { conditions: [{ field, operator: 'isNotEmpty' }] } }))).toEqual([]);
		});

		it('every field the sort picker offers sorts without a MySQL error', async () => {
			const fields = await offered('getSortFields');
			expect(fields).toContain('last_name');
			expect(await failing(fields, (field) => ({ options: { sortField: field, sortDirection: 'DESC' } }))).toEqual([]);
		});

		it('a filter on a custom field finds the record', async () => {
			const h = harness();
			const code = `00${String(Date.now()).slice(-8)}`;
			const id = String(h.sandbox.insert('Leads', { last_name: 'Custom', status: 'New', [NATIONAL_CODE]: code }).id);
			const result = await h.runNode({
				resource: 'Leads',
				operation: 'getAll',
				returnAll: true,
				filters: { conditions: [{ field: NATIONAL_CODE, operator: 'equals', value: code }] },
			});
			expect(result.error?.message).toBeUndefined();
			expect(
				result
					.assertSuccess()
					.json()
					.map((r) => r.id),
			).toEqual([id]);
		});

		it('Count on a custom field, and with an OR in the Query option, agrees with Get Many', async () => {
			const h = harness();
			const code = `77${String(Date.now()).slice(-8)}`;
			h.sandbox.insert('Leads', { last_name: 'Counted', status: 'New', [NATIONAL_CODE]: code });
			h.sandbox.insert('Leads', { last_name: 'Gone', status: 'Dead', [NATIONAL_CODE]: code, deleted: '1' });
			for (const shape of [
				{ filters: { conditions: [{ field: NATIONAL_CODE, operator: 'equals', value: code }] } },
				{ options: { query: "leads.status = 'Dead' OR leads.status = 'Recycled'" } },
			]) {
				const listed = (await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, ...shape })).assertSuccess().json();
				const counted = (await h.runNode({ resource: 'Leads', operation: 'count', ...shape })).assertSuccess().json();
				expect(counted).toEqual([{ module: 'Leads', count: listed.length }]);
			}
		});

		it('Create or Update matches on a custom field', async () => {
			const h = harness();
			const code = `99${String(Date.now()).slice(-8)}`;
			const run = (lastName: string) =>
				h.runNode({
					resource: 'Leads',
					operation: 'upsert',
					fieldsInput: 'list',
					matchFields: [NATIONAL_CODE],
					fields: {
						field: [
							{ name: NATIONAL_CODE, value: code },
							{ name: 'last_name', value: lastName },
							{ name: 'status', value: 'New' },
						],
					},
				});
			const first = await run('First');
			expect(first.error?.message).toBeUndefined();
			expect(first.assertSuccess().json()[0].upsertResult).toBe('created');
			expect((await run('Second')).assertSuccess().json()[0].upsertResult).toBe('updated');
			expect(h.sandbox.records('Leads').filter((r) => r[NATIONAL_CODE] === code)).toEqual([
				expect.objectContaining({ last_name: 'Second' }),
			]);
		});
	});
});
