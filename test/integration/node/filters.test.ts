/** Filters are data, never SQL: hostile values are found literally and nothing else matches. */
import { startHarness, type Harness } from '../../harness';

let h: Harness;
const HOSTILE = [
	"O'Brien",
	"x' OR '1'='1",
	'back\\slash',
	'100% sure_',
	"'); DROP TABLE leads; --",
	'/* comment */ name',
	'multi\nline',
	'"double" quotes',
];

beforeAll(async () => {
	h = await startHarness();
	for (const name of HOSTILE) h.sandbox.insert('Accounts', { name });
	// Decoys that a broken escape would match
	for (const name of ['OBrien', 'x', 'backslash', '100 sure', 'name', 'multi line', 'double']) h.sandbox.insert('Accounts', { name });
});
afterAll(async () => await h.close());

const search = async (operator: string, value: string) => {
	const result = await h.runNode({
		resource: 'Accounts',
		operation: 'getAll',
		returnAll: true,
		filters: { conditions: [{ field: 'name', operator, value }] },
	});
	return result
		.assertSuccess()
		.json()
		.map((r) => r.name);
};

it.each(HOSTILE)('equals %j finds exactly that record', async (value) => {
	expect(await search('equals', value)).toEqual([value]);
});

it.each(HOSTILE)('contains %j matches it literally', async (value) => {
	expect(await search('contains', value)).toEqual([value]);
});

it('starts with a LIKE wildcard character matches only literal wildcards', async () => {
	expect(await search('startsWith', '100%')).toEqual(['100% sure_']);
	expect(await search('contains', '_')).toEqual(['100% sure_']);
});

it('the server never saw a broken query', () => {
	const retrieves = h.sandbox.log.filter((e) => e.method === 'Retrieve');
	expect(retrieves.length).toBeGreaterThanOrEqual(HOSTILE.length * 2);
	expect(retrieves.filter((e) => e.text !== undefined)).toEqual([]);
});

it('in list, is empty, not equals and OR combine into one valid query', async () => {
	const result = await h.runNode({
		resource: 'Accounts',
		operation: 'getAll',
		returnAll: true,
		combineFilters: 'OR',
		filters: {
			conditions: [
				{ field: 'name', operator: 'inList', value: "O'Brien, back\\slash" },
				{ field: 'name', operator: 'equals', value: 'x' },
			],
		},
	});
	expect(
		result
			.assertSuccess()
			.json()
			.map((r) => r.name)
			.sort(),
	).toEqual(["O'Brien", 'back\\slash', 'x'].sort());
});

it('a field name that is not an identifier is refused before any request', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({
		resource: 'Accounts',
		operation: 'getAll',
		filters: { conditions: [{ field: 'name = name OR 1', operator: 'equals', value: 'a' }] },
	});
	expect(result.error?.message).toMatch(/not a valid field name/);
	expect(h.sandbox.calls('Retrieve')).toBe(0);
});

it('a malformed raw Query gives the MySQL error with a hint, not a crash', async () => {
	const result = await h.runNode({ resource: 'Accounts', operation: 'getAll', options: { query: "accounts.name = 'unterminated" } });
	expect(result.error?.message).toMatch(/SarvCRM could not run the query: MySQL Error/);
	expect(result.error?.description).toMatch(/Filters option builds a safe query/);
	// The same log field the "never saw a broken query" test reads does record a MySQL error.
	expect(h.sandbox.log.at(-1)?.text).toMatch(/^MySQL Error/);
});
