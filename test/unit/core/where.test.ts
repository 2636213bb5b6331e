import fc from 'fast-check';

import {
	asOneGroup,
	buildWhere,
	compileCondition,
	qualifyColumn,
	quoteLikePattern,
	quoteLiteral,
	type FilterCondition,
} from '../../../nodes/core/where';
import { SarvInputError } from '../../../nodes/core/errors';

/**
 * Decodes one MySQL single-quoted literal (NO_BACKSLASH_ESCAPES off). Throws when the
 * text is not exactly one literal, i.e. when an unescaped quote ends it early.
 */
function decodeMysqlLiteral(sql: string): string {
	if (sql.length < 2 || sql[0] !== "'" || sql[sql.length - 1] !== "'") throw new Error(`not a literal: ${sql}`);
	const map: Record<string, string> = { '0': '\0', n: '\n', r: '\r', t: '\t', b: '\b', Z: '\x1a', '\\': '\\', "'": "'", '"': '"' };
	let out = '';
	let i = 1;
	const end = sql.length - 1;
	while (i < end) {
		const ch = sql[i];
		if (ch === '\\') {
			if (i + 1 >= end) throw new Error(`dangling backslash escapes the closing quote: ${sql}`);
			const nx = sql[i + 1];
			// MySQL keeps the backslash of \% and \_ (they matter only to LIKE)
			out += nx === '%' || nx === '_' ? `\\${nx}` : (map[nx] ?? nx);
			i += 2;
		} else if (ch === "'") {
			throw new Error(`literal ends early at ${i}: ${sql}`);
		} else {
			out += ch;
			i++;
		}
	}
	return out;
}

/** LIKE's own backslash escape: `\x` means x itself. Returns null when an unescaped wildcard is present. */
function unescapeLikeStrict(pattern: string): string | null {
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const ch = pattern[i];
		if (ch === '\\') {
			if (i + 1 >= pattern.length) return null;
			out += pattern[++i];
		} else if (ch === '%' || ch === '_') {
			return null;
		} else out += ch;
	}
	return out;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

describe('quoteLiteral', () => {
	it.each([
		['plain', 'abc', "'abc'"],
		['single quote', "O'Brien", "'O\\'Brien'"],
		['quote injection', "x' OR '1'='1", "'x\\' OR \\'1\\'=\\'1'"],
		['backslash', 'a\\b', "'a\\\\b'"],
		['trailing backslash', 'a\\', "'a\\\\'"],
		['backslash + quote', "\\'", "'\\\\\\''"],
		['NUL', 'a\0b', "'a\\0b'"],
		['newline', 'a\nb', "'a\\nb'"],
		['carriage return', 'a\rb', "'a\\rb'"],
		['ctrl-Z', 'a\x1ab', "'a\\Zb'"],
		['emoji', '😀 ok', "'😀 ok'"],
		['Persian', 'علی رضایی', "'علی رضایی'"],
		['double quote stays', 'say "hi"', '\'say "hi"\''],
		['percent stays literal', '50%_x', "'50%_x'"],
		['empty', '', "''"],
	])('%s', (_name, input, expected) => {
		expect(quoteLiteral(input)).toBe(expected);
		expect(decodeMysqlLiteral(quoteLiteral(input))).toBe(input);
	});

	it('numbers, booleans, bigint become quoted text', () => {
		expect(quoteLiteral(42)).toBe("'42'");
		expect(quoteLiteral(-1.5)).toBe("'-1.5'");
		expect(quoteLiteral(0)).toBe("'0'");
		expect(quoteLiteral(true)).toBe("'true'");
		expect(quoteLiteral(BigInt(10))).toBe("'10'");
	});

	it('null and undefined become the empty literal', () => {
		expect(quoteLiteral(null)).toBe("''");
		expect(quoteLiteral(undefined)).toBe("''");
	});

	it('a Date becomes its ISO text; an object its JSON, escaped', () => {
		expect(quoteLiteral(new Date('2024-03-20T10:00:00Z'))).toBe("'2024-03-20T10:00:00.000Z'");
		const obj = { a: "it's" };
		expect(decodeMysqlLiteral(quoteLiteral(obj))).toBe(JSON.stringify(obj));
	});

	it('property: decoding the literal gives back the original string, and it never ends early', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.fullUnicodeString(),
					fc.stringOf(fc.constantFrom("'", '\\', '\0', '\n', '\r', '\x1a', '"', '%', '_', 'a', ' ')),
				),
				(s) => {
					const lit = quoteLiteral(s);
					expect(decodeMysqlLiteral(lit)).toBe(s);
				},
			),
			{ numRuns: 2000 },
		);
	});
});

describe('quoteLikePattern', () => {
	it('escapes % _ and \\ in the user part', () => {
		expect(decodeMysqlLiteral(quoteLikePattern('50%_off\\x'))).toBe('50\\%\\_off\\\\x');
		expect(quoteLikePattern('a%b')).toBe("'a\\\\%b'");
	});

	it('prefix/suffix wildcards stay wildcards', () => {
		const contains = decodeMysqlLiteral(quoteLikePattern('a_b', { prefix: '%', suffix: '%' }));
		expect(contains).toBe('%a\\_b%');
		const starts = decodeMysqlLiteral(quoteLikePattern('x', { suffix: '%' }));
		expect(starts).toBe('x%');
	});

	it('quotes inside stay inside the literal', () => {
		expect(decodeMysqlLiteral(quoteLikePattern("x' OR 1=1 -- ", { prefix: '%', suffix: '%' }))).toBe("%x' OR 1=1 -- %");
	});

	it('property: the user part matches only itself', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.stringOf(fc.constantFrom("'", '\\', '%', '_', 'a'))), (s) => {
				const pattern = decodeMysqlLiteral(quoteLikePattern(s, { prefix: '%', suffix: '%' }));
				expect(pattern.startsWith('%') && pattern.endsWith('%')).toBe(true);
				expect(unescapeLikeStrict(pattern.slice(1, -1))).toBe(s);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('qualifyColumn', () => {
	it('qualifies plain identifiers', () => {
		expect(qualifyColumn('leads', 'last_name')).toBe('leads.last_name');
		expect(qualifyColumn('aos_invoices', '_x1')).toBe('aos_invoices._x1');
		expect(qualifyColumn('leads', '  email1 ')).toBe('leads.email1');
	});

	it.each([['name; DROP'], ['a.b'], ['a b'], ["na'me"], ['na"me'], ['`name`'], [''], ['   '], ['1abc'], ['name--'], ['نام']])(
		'rejects field %j',
		(field) => {
			expect(() => qualifyColumn('leads', field)).toThrow(SarvInputError);
		},
	);

	it('rejects undefined/null field and names the field in the error', () => {
		expect(() => qualifyColumn('leads', undefined as unknown as string)).toThrow(SarvInputError);
		expect(() => qualifyColumn('leads', null as unknown as string)).toThrow(SarvInputError);
		try {
			qualifyColumn('leads', 'a b');
			throw new Error('no throw');
		} catch (e) {
			expect((e as SarvInputError).field).toBe('a b');
			expect((e as Error).message).toContain('"a b"');
		}
	});

	it('rejects a bad table name', () => {
		expect(() => qualifyColumn('leads x', 'name')).toThrow(/table/);
		expect(() => qualifyColumn('', 'name')).toThrow(SarvInputError);
	});
});

describe('compileCondition', () => {
	const c = (operator: FilterCondition['operator'], value?: unknown, field = 'last_name') =>
		compileCondition('leads', { field, operator, value });

	it('every operator', () => {
		expect(c('equals', "O'Neil")).toBe("leads.last_name = 'O\\'Neil'");
		expect(c('notEquals', 'x')).toBe("leads.last_name <> 'x'");
		expect(c('contains', '50%')).toBe("leads.last_name LIKE '%50\\\\%%'");
		expect(c('startsWith', 'a_')).toBe("leads.last_name LIKE 'a\\\\_%'");
		expect(c('greaterThan', 10)).toBe("leads.last_name > '10'");
		expect(c('lessThan', '2024-01-01')).toBe("leads.last_name < '2024-01-01'");
		expect(c('isEmpty')).toBe("(leads.last_name IS NULL OR leads.last_name = '')");
		expect(c('isNotEmpty')).toBe("(leads.last_name IS NOT NULL AND leads.last_name <> '')");
		expect(c('inList', 'a,b')).toBe("leads.last_name IN ('a', 'b')");
	});

	it('isEmpty/isNotEmpty ignore the value', () => {
		expect(c('isEmpty', "'; DROP")).toBe(c('isEmpty'));
	});

	it('unknown operator is rejected', () => {
		expect(() => c('like' as never, 'x')).toThrow(/Unknown filter operator "like"/);
	});

	it('bad field is rejected before the value is looked at', () => {
		expect(() => c('equals', 'x', 'name; DROP TABLE leads')).toThrow(SarvInputError);
	});

	describe('inList', () => {
		it('splits commas, trims, drops empty entries', () => {
			expect(c('inList', ' a , b,,c ,')).toBe("leads.last_name IN ('a', 'b', 'c')");
		});
		it('takes arrays as-is (commas inside an entry are kept)', () => {
			expect(c('inList', ['a,b', "c'd", 5])).toBe("leads.last_name IN ('a,b', 'c\\'d', '5')");
		});
		it('a single non-string value is one entry', () => {
			expect(c('inList', 7)).toBe("leads.last_name IN ('7')");
		});
		it.each([[''], [' , ,'], [[]], [null], [undefined]])('empty %j is an error naming the field', (value) => {
			expect(() => c('inList', value)).toThrow(SarvInputError);
			expect(() => c('inList', value)).toThrow(/"last_name".*no values/);
		});
	});
});

describe('buildWhere', () => {
	const eq = (field: string, value: string): FilterCondition => ({ field, operator: 'equals', value });

	it('empty → empty string', () => {
		expect(buildWhere('leads', [])).toBe('');
		expect(buildWhere('leads', [], 'OR', '   ')).toBe('');
	});

	it('one condition stands alone (it is atomic already)', () => {
		expect(buildWhere('leads', [eq('a', '1')])).toBe("leads.a = '1'");
		expect(buildWhere('leads', [{ field: 'a', operator: 'isEmpty' }])).toBe("(leads.a IS NULL OR leads.a = '')");
	});

	it('AND / OR grouping', () => {
		expect(buildWhere('leads', [eq('a', '1'), eq('b', '2')])).toBe("((leads.a = '1') AND (leads.b = '2'))");
		expect(buildWhere('leads', [eq('a', '1'), eq('b', '2'), eq('c', '3')], 'OR')).toBe(
			"((leads.a = '1') OR (leads.b = '2') OR (leads.c = '3'))",
		);
	});

	it('raw query is combined by AND and parenthesised', () => {
		expect(buildWhere('leads', [eq('a', '1'), eq('b', '2')], 'OR', ' leads.x = 1 OR leads.y = 2 ')).toBe(
			"((leads.a = '1') OR (leads.b = '2')) AND (leads.x = 1 OR leads.y = 2)",
		);
	});

	it('raw query alone is passed through trimmed', () => {
		expect(buildWhere('leads', [], 'AND', '  FALSE ')).toBe('FALSE');
	});

	it('rejects a combinator other than AND/OR', () => {
		expect(() => buildWhere('leads', [eq('a', '1')], 'XOR' as never)).toThrow(SarvInputError);
		expect(() => buildWhere('leads', [eq('a', '1')], 'and' as never)).toThrow(SarvInputError);
	});
});

// ---- cross-check against the sandbox's SQL parser, when it exists ----------------------

type ParseWhere = (sql: string) => unknown;
let parseWhere: ParseWhere | undefined;
try {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require('../../sandbox/where') as { parseWhere?: ParseWhere };
	parseWhere = typeof mod.parseWhere === 'function' ? mod.parseWhere : undefined;
} catch {
	parseWhere = undefined;
}
const describeIfParser = parseWhere ? describe : describe.skip;

describeIfParser('buildWhere parsed by the sandbox parser (test/sandbox/where.ts)', () => {
	const strings = fc.oneof(
		fc.string(),
		fc.fullUnicodeString(),
		fc.stringOf(fc.constantFrom("'", '\\', '\0', '\n', '\r', '\x1a', '"', '%', '_', '-', '#', ';', '/*', 'a', ' ')),
	);

	it('equals: a single comparison whose right side is the literal s', () => {
		fc.assert(
			fc.property(strings, (s) => {
				const ast = parseWhere!(buildWhere('leads', [{ field: 'last_name', operator: 'equals', value: s }]));
				expect(ast).toEqual({
					type: 'compare',
					op: '=',
					left: { type: 'column', table: 'leads', name: 'last_name' },
					right: { type: 'literal', value: s },
				});
			}),
			{ numRuns: 1000 },
		);
	});

	it('contains: a single LIKE whose pattern is % + LIKE-escaped s + %', () => {
		fc.assert(
			fc.property(strings, (s) => {
				const ast = parseWhere!(buildWhere('leads', [{ field: 'last_name', operator: 'contains', value: s }]));
				expect(ast).toEqual({
					type: 'like',
					negated: false,
					left: { type: 'column', table: 'leads', name: 'last_name' },
					pattern: { type: 'literal', value: `%${likeEscape(s)}%` },
				});
			}),
			{ numRuns: 1000 },
		);
	});
});

describe("asOneGroup: a query beside a server's own clause", () => {
	it('parenthesises a query, so an OR stays inside it; nothing stays nothing', () => {
		expect(asOneGroup("leads.status = 'Dead' OR leads.status = 'New'")).toBe("(leads.status = 'Dead' OR leads.status = 'New')");
		expect(`${asOneGroup('a = 1 OR b = 2')} AND leads.deleted = 0`).toBe('(a = 1 OR b = 2) AND leads.deleted = 0');
		expect(asOneGroup('  ')).toBe('');
		expect(asOneGroup('')).toBe('');
	});
});
