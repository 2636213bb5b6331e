import { parseOrderBy, parseWhere, SqlError } from '../../sandbox';
import { evaluate, likeToRegExp, matches, type EvalContext, type WhereAst } from '../../sandbox/where';

const row = (values: Record<string, string | number | null>, types: Record<string, string> = {}): EvalContext => ({
	value: (c) => (c.name in values ? values[c.name] : null),
	type: (c) => types[c.name] ?? 'varchar',
});
const hit = (sql: string, values: Record<string, string | number | null>, types?: Record<string, string>) =>
	matches(parseWhere(sql), row(values, types));

/** Collects literals of an AST (for "one hostile value = one literal"). */
function literals(n: WhereAst): unknown[] {
	switch (n.type) {
		case 'literal':
			return [n.value];
		case 'column':
			return [];
		case 'and':
		case 'or':
		case 'compare':
			return [...literals(n.left), ...literals(n.right)];
		case 'not':
		case 'isNull':
			return literals(n.operand);
		case 'like':
			return [...literals(n.left), ...literals(n.pattern)];
		case 'in':
			return [...literals(n.left), ...n.list.flatMap(literals)];
		case 'between':
			return [...literals(n.left), ...literals(n.low), ...literals(n.high)];
	}
}

describe('parseWhere: accepted', () => {
	it.each([
		"leads.assigned_user_id='1'",
		"leads.primary_number_raw IN ('09121111234')",
		"opportunities.id='abc'",
		'FALSE',
		'TRUE',
		'1',
		"name = 'a' AND (status <> 'Dead' OR status IS NULL)",
		"NOT name LIKE 'a%'",
		"name NOT LIKE '%b\\_c%'",
		'amount >= 10.5 AND amount < -3',
		"status NOT IN ('a', 'b')",
		'description IS NOT NULL',
		"`name` = 'x'",
		"date_entered BETWEEN '2024-01-01' AND '2024-12-31'",
		'name = "double quoted"',
		"name = 'it''s'",
		"name = 'back\\\\slash'",
	])('%s', (sql) => {
		expect(() => parseWhere(sql)).not.toThrow();
	});
});

describe('parseWhere: rejected with a MySQL syntax error', () => {
	it.each([
		'',
		"name = 'x",
		"name = 'x''",
		"name = 'x' --",
		"name = 'x' -- comment",
		"name = 'x'; DROP TABLE leads",
		"name = 'x' #",
		"name = 'x' /* c */",
		"name = 'x' '",
		'name =',
		'= 1',
		'name IN ()',
		'name IN (1,)',
		'(name = 1',
		'name = 1)',
		'name IS 1',
		'AND name = 1',
		'name = 1 AND',
		'LOWER(name) = 1',
		"name = 'x' OR",
		"name = 'a' b",
		'name == 1',
		'name = 1abc',
		'name ! 1',
		"name = 'x' UNION SELECT 1",
	])('%s', (sql) => {
		expect(() => parseWhere(sql)).toThrow(SqlError);
		try {
			parseWhere(sql);
		} catch (e) {
			expect((e as SqlError).kind).toBe('syntax');
			expect((e as Error).message).toMatch(/^You have an error in your SQL syntax/);
		}
	});
});

describe('string literals and escapes', () => {
	const value = (lit: string) => {
		const ast = parseWhere(`name = ${lit}`);
		if (ast.type !== 'compare' || ast.right.type !== 'literal') throw new Error('not a literal');
		return ast.right.value;
	};
	it('decodes doubled quotes and backslash escapes', () => {
		expect(value("'it''s'")).toBe("it's");
		expect(value("'it\\'s'")).toBe("it's");
		expect(value("'a\\\\b'")).toBe('a\\b');
		expect(value("'line\\nbreak'")).toBe('line\nbreak');
		expect(value("'tab\\tx'")).toBe('tab\tx');
		expect(value("'unknown\\q'")).toBe('unknownq');
	});
	it('keeps the backslash of \\% and \\_ (they only matter to LIKE)', () => {
		expect(value("'50\\%'")).toBe('50\\%');
		expect(value("'a\\_b'")).toBe('a\\_b');
	});
	it('a hostile value, escaped, stays exactly one literal', () => {
		const hostile = "x' OR '1'='1'; -- \\' \" %_ \n";
		const escaped = hostile.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n');
		const ast = parseWhere(`leads.name = '${escaped}'`);
		expect(literals(ast)).toEqual([hostile]);
		const doubled = hostile.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n');
		expect(literals(parseWhere(`leads.name = '${doubled}'`))).toEqual([hostile]);
	});
	it('an unescaped hostile value is rejected or changes the tree, never silently accepted as one literal', () => {
		expect(() => parseWhere("leads.name = 'x' OR '1'='1'")).not.toThrow();
		expect(literals(parseWhere("leads.name = 'x' OR '1'='1'"))).toHaveLength(3);
		expect(() => parseWhere("leads.name = 'x'; --'")).toThrow(SqlError);
	});
});

describe('evaluation', () => {
	it('compares numerically when both sides are numeric, else as text (case-insensitive)', () => {
		expect(hit('amount > 9', { amount: '10' })).toBe(true);
		expect(hit("amount > '9'", { amount: '10' })).toBe(true);
		expect(hit("name > '9'", { name: 'abc' })).toBe(true);
		expect(hit("name = 'ALI'", { name: 'ali' })).toBe(true);
		expect(hit("code < 'b'", { code: 'a10' })).toBe(true);
	});
	it('treats NULL and empty text as distinct', () => {
		expect(hit('description IS NULL', { description: null })).toBe(true);
		expect(hit('description IS NULL', { description: '' })).toBe(false);
		expect(hit("description = ''", { description: '' })).toBe(true);
		expect(hit("description = ''", { description: null })).toBe(false);
		expect(hit("description != ''", { description: null })).toBe(false);
		expect(hit('missing IS NULL', {})).toBe(true);
	});
	it('applies three-valued logic', () => {
		expect(hit("NOT (description = 'x')", { description: null })).toBe(false);
		expect(hit("description = 'x' OR 1", { description: null })).toBe(true);
		expect(hit("description = 'x' AND 0", { description: null })).toBe(false);
		expect(hit("status NOT IN ('a', NULL)", { status: 'b' })).toBe(false);
		expect(hit("status IN ('b', NULL)", { status: 'b' })).toBe(true);
	});
	it('gives AND precedence over OR and NOT over AND', () => {
		expect(hit('a = 1 OR a = 2 AND b = 3', { a: 1, b: 0 })).toBe(true);
		expect(hit('(a = 1 OR a = 2) AND b = 3', { a: 1, b: 0 })).toBe(false);
		expect(hit('NOT a = 1 AND b = 3', { a: 2, b: 3 })).toBe(true);
		expect(hit('NOT (a = 2 AND b = 3)', { a: 2, b: 3 })).toBe(false);
	});
	it('handles LIKE wildcards and escapes', () => {
		expect(hit("name LIKE 'Jo%'", { name: 'Joel' })).toBe(true);
		expect(hit("name LIKE 'j_el'", { name: 'Joel' })).toBe(true);
		expect(hit("name LIKE 'J_l'", { name: 'Joel' })).toBe(false);
		expect(hit("name LIKE '50\\%'", { name: '50%' })).toBe(true);
		expect(hit("name LIKE '50\\%'", { name: '500' })).toBe(false);
		expect(hit("name LIKE 'a\\_b'", { name: 'axb' })).toBe(false);
		expect(hit("name LIKE '%.*%'", { name: 'a.*b' })).toBe(true);
		expect(hit("name LIKE '%.*%'", { name: 'ab' })).toBe(false);
		expect(hit("name NOT LIKE '%x%'", { name: 'abc' })).toBe(true);
		expect(hit("name LIKE '%علی%'", { name: 'آقای علی احمدی' })).toBe(true);
		expect(likeToRegExp('a%b').test('a\nb')).toBe(true);
	});
	it('handles IN, BETWEEN and bare truth values', () => {
		expect(hit("status IN ('New', 'Dead')", { status: 'dead' })).toBe(true);
		expect(hit('n IN (1, 2)', { n: '2' })).toBe(true);
		expect(hit('n BETWEEN 1 AND 3', { n: '3' })).toBe(true);
		expect(hit('n NOT BETWEEN 1 AND 3', { n: '4' })).toBe(true);
		expect(hit('FALSE', {})).toBe(false);
		expect(hit('TRUE', {})).toBe(true);
		expect(hit('flag', { flag: '0' })).toBe(false);
		expect(hit('flag', { flag: '1' })).toBe(true);
	});
	it('compares datetime columns as instants (no offset = UTC, as MySQL stores them)', () => {
		const types = { date_modified: 'datetime' };
		const v = { date_modified: '2024-01-01T10:00:00+03:30' }; // 06:30 UTC
		expect(hit("date_modified > '2024-01-01 06:00:00'", v, types)).toBe(true);
		expect(hit("date_modified > '2024-01-01 07:00:00'", v, types)).toBe(false);
		expect(hit("date_modified = '2024-01-01T06:30:00Z'", v, types)).toBe(true);
		expect(evaluate(parseWhere("date_modified >= '2024-01-01T10:00:00+03:30'"), row(v, types))).toBe(1);
	});
});

describe('parseOrderBy', () => {
	it('parses columns, qualified columns, directions and lists', () => {
		expect(parseOrderBy('accounts.name')).toEqual([{ column: { type: 'column', table: 'accounts', name: 'name' }, desc: false }]);
		expect(parseOrderBy('name DESC, date_entered asc').map((o) => [o.column.name, o.desc])).toEqual([
			['name', true],
			['date_entered', false],
		]);
	});
	it.each(['name;', 'name DESC DESC', "'x'", 'name,', '1'])('rejects %s', (sql) => {
		expect(() => parseOrderBy(sql)).toThrow(SqlError);
	});
});
