/**
 * Injection: filter and upsert values full of SQL syntax are data. Records are
 * stored under hostile names, the node filters for them through n8n's engine, and the
 * exact intended records come back. Every query the sandbox received is re-parsed with
 * its own MySQL-subset parser: none may fail (a MySQL error) and each must hold exactly
 * one literal equal to the input. A fast-check property repeats that for generated
 * hostile strings, each a real workflow run.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { foldLetters, letterVariants } from '../../../nodes/core/letters';
import { startHarness, type Harness } from '../../harness';
import { parseWhere, type WhereAst } from '../../sandbox/server';

const HOSTILE = [
	"O'Brien",
	"O''Brien",
	'\\',
	'back\\slash',
	"\\'",
	"'",
	'100%',
	'%',
	'_',
	'a_b',
	'a%b',
	"x' OR '1'='1",
	"' OR 1=1 --",
	"'; DROP TABLE leads; --",
	"Robert'); DROP TABLE leads;--",
	'a -- b',
	'/* c */',
	'x/*',
	'*/',
	'x;y',
	';',
	'line1\nline2',
	'cr\rlf',
	'tab\tx',
	'"dq"',
	'`bt`',
	'\\%',
	'\\_',
	'SELECT * FROM users',
	"' UNION SELECT password FROM users --",
	'nul\u0000x',
	'ctrlZ\u001a',
	'#hash',
	"' AND SLEEP(5) AND '",
];
/** Names a broken escape would wrongly match (wildcards, truncated literals, case). */
const DECOYS = [
	'OBrien',
	'O Brien',
	'100',
	'1000',
	'ab',
	'axb',
	'a b',
	'x',
	'line1',
	'line2',
	'y',
	'dq',
	'Robert',
	'tab x',
	'OR 1=1',
	'back',
	'slash',
	'nul',
	'ctrlZ',
];

type Op = 'equals' | 'contains' | 'startsWith';
const lower = (s: unknown) => String(s ?? '').toLowerCase();
/** What MySQL (utf8 *_ci) returns for each operator, computed in JS. */
const MATCH: Record<Op, (value: unknown, input: string) => boolean> = {
	equals: (v, s) => lower(v) === lower(s),
	contains: (v, s) => lower(v).includes(lower(s)),
	startsWith: (v, s) => lower(v).startsWith(lower(s)),
};
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The one literal the sandbox must see for each operator. */
const LITERAL: Record<Op, (s: string) => string> = {
	equals: (s) => s,
	contains: (s) => `%${likeEscape(s)}%`,
	startsWith: (s) => `${likeEscape(s)}%`,
};

function literals(ast: WhereAst): unknown[] {
	switch (ast.type) {
		case 'literal':
			return [ast.value];
		case 'column':
			return [];
		case 'and':
		case 'or':
			return [...literals(ast.left), ...literals(ast.right)];
		case 'not':
		case 'isNull':
			return literals(ast.operand);
		case 'compare':
			return [...literals(ast.left), ...literals(ast.right)];
		case 'like':
			return [...literals(ast.left), ...literals(ast.pattern)];
		case 'in':
			return [...literals(ast.left), ...ast.list.flatMap(literals)];
		case 'between':
			return [...literals(ast.left), ...literals(ast.low), ...literals(ast.high)];
	}
}

/** Filter by `last_name <op> $json.v`, one input item per value. */
const filterParams = (operator: Op) => ({
	resource: 'Leads',
	operation: 'getAll',
	returnAll: true,
	filters: { conditions: [{ field: 'last_name', operator, value: '={{ $json.v }}' }] },
	combineFilters: 'AND',
	options: { fields: ['last_name'] },
});

describe('reliability: hostile values are data', () => {
	let h: Harness;

	beforeAll(async () => {
		h = await startHarness();
		for (const last_name of [...HOSTILE, ...DECOYS]) h.sandbox.insert('Leads', { last_name, status: 'New' });
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(() => h.sandbox.clearLog());

	/**
	 * Every query the sandbox got parses (no MySQL error) and carries exactly one literal; one
	 * entry per page-0 call (Return All may confirm a short page with a second call).
	 */
	const queriesSeen = () =>
		h.sandbox.log
			.filter((e) => e.method === 'Retrieve' && (e.body as IDataObject).offset === 0 && (e.body as IDataObject).query !== undefined)
			.map((e) => {
				expect(e.status).toBe(200);
				const query = String((e.body as IDataObject).query);
				return { query, literals: literals(parseWhere(query)) };
			});

	it.each(['equals', 'contains', 'startsWith'] as Op[])('filter "%s": exactly the intended records for every hostile value', async (op) => {
		const result = await h.runNode(
			filterParams(op),
			HOSTILE.map((v) => ({ v })),
		);
		result.assertSuccess();

		const all = h.sandbox.records('Leads');
		HOSTILE.forEach((value, index) => {
			const got = result
				.items()
				.filter((i) => (i.pairedItem as { item: number }).item === index)
				.map((i) => String(i.json.id))
				.sort();
			const expected = all
				.filter((r) => MATCH[op](r.last_name, value))
				.map((r) => String(r.id))
				.sort();
			expect({ value, ids: got }).toEqual({ value, ids: expected });
			expect(got.length).toBeGreaterThanOrEqual(1);
		});

		const seen = queriesSeen();
		expect(seen).toHaveLength(HOSTILE.length);
		expect(seen.map((q) => q.literals).sort()).toEqual(HOSTILE.map((v) => [LITERAL[op](v)]).sort());
	});

	it('the escapes matter: % and _ do not act as wildcards, a quote does not end the literal', async () => {
		const result = await h.runNode(filterParams('equals'), [{ v: 'a_b' }, { v: "x' OR '1'='1" }, { v: '%' }]);
		result.assertSuccess();
		const names = result.json().map((r) => r.last_name);
		expect(names.sort()).toEqual(['%', 'a_b', "x' OR '1'='1"].sort());
		expect(names).not.toContain('axb');
	});

	it('Create or Update with hostile match values: created once, then updated in place, decoys untouched', async () => {
		const values = HOSTILE.filter((_, i) => i % 2 === 0).map((v) => `${v} u`);
		for (const v of ['a_b u', 'axb u', 'O Brien u']) h.sandbox.insert('Leads', { last_name: v.replace('a_b', 'aXb'), status: 'New' });
		const before = h.sandbox.records('Leads').length;
		const upsert = (description: string) =>
			h.runNode(
				{
					resource: 'Leads',
					operation: 'upsert',
					fieldsInput: 'list',
					matchFields: ['last_name'],
					fields: {
						field: [
							{ name: 'last_name', value: '={{ $json.v }}' },
							{ name: 'status', value: 'New' },
							{ name: 'description', value: description },
						],
					},
				},
				values.map((v) => ({ v })),
			);

		const first = await upsert('v1');
		first.assertSuccess();
		expect(first.json().map((r) => r.upsertResult)).toEqual(values.map(() => 'created'));
		expect(h.sandbox.records('Leads')).toHaveLength(before + values.length);

		h.sandbox.clearLog();
		const second = await upsert('v2');
		second.assertSuccess();
		expect(second.json().map((r) => r.upsertResult)).toEqual(values.map(() => 'updated'));
		expect(h.sandbox.records('Leads')).toHaveLength(before + values.length);
		for (const v of values) {
			const rows = h.sandbox.records('Leads').filter((r) => r.last_name === v);
			expect({ v, rows: rows.map((r) => r.description) }).toEqual({ v, rows: ['v2'] });
		}
		// Decoys kept their (empty) description.
		for (const d of ['aXb u', 'axb u', 'O Brien u']) {
			expect(
				h.sandbox
					.records('Leads')
					.filter((r) => r.last_name === d)
					.every((r) => r.description !== 'v2'),
			).toBe(true);
		}
		// The lookups of a run are batched: every value is one literal of one IN list.
		expect(queriesSeen().flatMap((q) => q.literals)).toEqual(expect.arrayContaining(values));
	});

	// With Match Arabic and Persian Letters (on by default) a value with Yeh or Kaf is one literal per writing of it.
	it('property: generated hostile strings reach the sandbox as exactly their literals and find exactly their record', async () => {
		const token = fc.constantFrom(
			"'",
			"''",
			'\\',
			'\\\\',
			'%',
			'_',
			'--',
			'/*',
			'*/',
			';',
			'\n',
			'\r',
			'\t',
			'"',
			'`',
			'#',
			' OR ',
			"' OR '1'='1",
			'DROP TABLE',
			'\u0000',
			'\u001a',
			'\\%',
			'\\_',
			'ی',
			'😀',
		);
		const hostile = fc
			.array(fc.oneof(token, fc.fullUnicode(), fc.char()), { minLength: 1, maxLength: 14 })
			.map((parts) => parts.join(''))
			// Numeric text compares as a number in MySQL; whitespace-only is not a name.
			.filter((s) => s.trim() !== '' && !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s));

		let runs = 0;
		await fc.assert(
			fc.asyncProperty(hostile, async (s) => {
				runs += 1;
				const inserted = h.sandbox.insert('Leads', { last_name: s, status: 'New' });
				h.sandbox.clearLog();

				const result = await h.runNode(
					{
						...filterParams('equals'),
						filters: { conditions: [{ field: 'last_name', operator: '={{ $json.op }}', value: '={{ $json.v }}' }] },
					},
					[
						{ v: s, op: 'equals' },
						{ v: s, op: 'contains' },
					],
				);

				result.assertSuccess();
				const byItem = (n: number) =>
					result
						.items()
						.filter((i) => (i.pairedItem as { item: number }).item === n)
						.map((i) => i.json);
				const equal = byItem(0);
				expect(equal.map((r) => r.id)).toContain(inserted.id);
				const folded = (v: unknown) => foldLetters(lower(v));
				expect(equal.every((r) => folded(r.last_name) === folded(s))).toBe(true);
				expect(byItem(1).every((r) => folded(r.last_name).includes(folded(s)))).toBe(true);

				const seen = queriesSeen().map((q) => q.literals);
				expect(seen.sort()).toEqual([letterVariants(s), letterVariants(s).map(LITERAL.contains)].sort());
			}),
			{ numRuns: 30, seed: 8 },
		);
		expect(runs).toBe(30);
	});
});
