/**
 * The MySQL WHERE subset SarvCRM passes through from `query`, plus ORDER BY lists.
 * A real tokenizer + recursive-descent parser, so injection-shaped input is rejected
 * (or kept inside one literal) exactly where MySQL would; the evaluator implements
 * SQL three-valued logic over stored records.
 */

export type SqlValue = string | number | null;
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type WhereAst =
	| { type: 'and' | 'or'; left: WhereAst; right: WhereAst }
	| { type: 'not'; operand: WhereAst }
	| { type: 'compare'; op: CompareOp; left: WhereAst; right: WhereAst }
	| { type: 'like'; negated: boolean; left: WhereAst; pattern: WhereAst }
	| { type: 'in'; negated: boolean; left: WhereAst; list: WhereAst[] }
	| { type: 'between'; negated: boolean; left: WhereAst; low: WhereAst; high: WhereAst }
	| { type: 'isNull'; negated: boolean; operand: WhereAst }
	| { type: 'literal'; value: SqlValue }
	| { type: 'column'; table?: string; name: string };

export interface OrderItem {
	column: Extract<WhereAst, { type: 'column' }>;
	desc: boolean;
}

/** Carries the MySQL error text; the server answers `MySQL Error: <message>` as plain text. */
export class SqlError extends Error {
	constructor(
		message: string,
		readonly kind: 'syntax' | 'unknownColumn',
	) {
		super(message);
		this.name = 'SqlError';
	}
}

// ---- tokenizer ------------------------------------------------------------------

type TokKind = 'str' | 'num' | 'ident' | 'qident' | 'op' | '(' | ')' | ',' | '.' | 'eof';
interface Token {
	kind: TokKind;
	value: string;
	pos: number;
}

const syntaxError = (sql: string, pos: number) =>
	new SqlError(
		`You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${sql.slice(pos, pos + 80)}' at line 1`,
		'syntax',
	);

/** MySQL string escapes. `\%` and `\_` keep their backslash: they only mean something to LIKE. */
const ESCAPES: Record<string, string> = {
	'0': '\0',
	"'": "'",
	'"': '"',
	b: '\b',
	n: '\n',
	r: '\r',
	t: '\t',
	Z: '\x1a',
	'\\': '\\',
	'%': '\\%',
	_: '\\_',
};

function tokenize(sql: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const start = i;
		// Comments and statement separators are never accepted: they are how injections end a query.
		if (c === ';' || c === '#' || sql.startsWith('--', i) || sql.startsWith('/*', i)) throw syntaxError(sql, i);
		if (c === "'" || c === '"') {
			let value = '';
			i++;
			for (;;) {
				if (i >= sql.length) throw syntaxError(sql, start);
				const ch = sql[i];
				if (ch === '\\') {
					if (i + 1 >= sql.length) throw syntaxError(sql, start);
					const nx = sql[i + 1];
					value += ESCAPES[nx] ?? nx;
					i += 2;
				} else if (ch === c) {
					if (sql[i + 1] === c) {
						value += c; // doubled quote
						i += 2;
					} else {
						i++;
						break;
					}
				} else {
					value += ch;
					i++;
				}
			}
			out.push({ kind: 'str', value, pos: start });
			continue;
		}
		if (c === '`') {
			const end = sql.indexOf('`', i + 1);
			if (end < 0 || end === i + 1) throw syntaxError(sql, i);
			out.push({ kind: 'qident', value: sql.slice(i + 1, end), pos: start });
			i = end + 1;
			continue;
		}
		const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i));
		if (num && !(c === '.' && out.length && ['ident', 'qident'].includes(out[out.length - 1].kind))) {
			// `1abc` is not a number followed by a word
			if (/[A-Za-z_]/.test(sql[i + num[0].length] ?? '')) throw syntaxError(sql, i);
			out.push({ kind: 'num', value: num[0], pos: start });
			i += num[0].length;
			continue;
		}
		const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(sql.slice(i));
		if (id) {
			out.push({ kind: 'ident', value: id[0], pos: start });
			i += id[0].length;
			continue;
		}
		const op = /^(?:<=|>=|<>|!=|=|<|>|-)/.exec(sql.slice(i));
		if (op) {
			out.push({ kind: 'op', value: op[0], pos: start });
			i += op[0].length;
			continue;
		}
		if (c === '(' || c === ')' || c === ',' || c === '.') {
			out.push({ kind: c, value: c, pos: start });
			i++;
			continue;
		}
		throw syntaxError(sql, i);
	}
	out.push({ kind: 'eof', value: '', pos: sql.length });
	return out;
}

const RESERVED = new Set([
	'AND',
	'OR',
	'NOT',
	'LIKE',
	'IN',
	'IS',
	'NULL',
	'TRUE',
	'FALSE',
	'BETWEEN',
	'ASC',
	'DESC',
	'SELECT',
	'FROM',
	'WHERE',
	'UNION',
]);

// ---- parser ---------------------------------------------------------------------

class Parser {
	private i = 0;
	constructor(
		private readonly sql: string,
		private readonly toks: Token[],
	) {}

	private peek(): Token {
		return this.toks[this.i];
	}
	private next(): Token {
		return this.toks[this.i++];
	}
	private fail(tok: Token = this.peek()): never {
		throw syntaxError(this.sql, tok.pos);
	}
	private isKw(word: string, tok: Token = this.peek()): boolean {
		return tok.kind === 'ident' && tok.value.toUpperCase() === word;
	}
	private acceptKw(word: string): boolean {
		if (this.isKw(word)) {
			this.i++;
			return true;
		}
		return false;
	}
	private expect(kind: TokKind): Token {
		if (this.peek().kind !== kind) this.fail();
		return this.next();
	}
	end(): void {
		if (this.peek().kind !== 'eof') this.fail();
	}

	expr(): WhereAst {
		let left = this.and();
		while (this.acceptKw('OR')) left = { type: 'or', left, right: this.and() };
		return left;
	}
	private and(): WhereAst {
		let left = this.not();
		while (this.acceptKw('AND')) left = { type: 'and', left, right: this.not() };
		return left;
	}
	private not(): WhereAst {
		if (this.acceptKw('NOT')) return { type: 'not', operand: this.not() };
		return this.predicate();
	}
	private predicate(): WhereAst {
		const left = this.operand();
		const tok = this.peek();
		if (tok.kind === 'op' && tok.value !== '-') {
			this.next();
			const op = (tok.value === '<>' ? '!=' : tok.value) as CompareOp;
			return { type: 'compare', op, left, right: this.operand() };
		}
		if (this.acceptKw('IS')) {
			const negated = this.acceptKw('NOT');
			if (!this.acceptKw('NULL')) this.fail();
			return { type: 'isNull', negated, operand: left };
		}
		const negated = this.isKw('NOT') && ['LIKE', 'IN', 'BETWEEN'].some((w) => this.isKw(w, this.toks[this.i + 1]));
		if (negated) this.next();
		if (this.acceptKw('LIKE')) return { type: 'like', negated, left, pattern: this.operand() };
		if (this.acceptKw('IN')) {
			this.expect('(');
			const list = [this.operand()];
			while (this.peek().kind === ',') {
				this.next();
				list.push(this.operand());
			}
			this.expect(')');
			return { type: 'in', negated, left, list };
		}
		if (this.acceptKw('BETWEEN')) {
			const low = this.operand();
			if (!this.acceptKw('AND')) this.fail();
			return { type: 'between', negated, left, low, high: this.operand() };
		}
		return left;
	}
	private operand(): WhereAst {
		const tok = this.next();
		switch (tok.kind) {
			case 'str':
				return { type: 'literal', value: tok.value };
			case 'num':
				return { type: 'literal', value: Number(tok.value) };
			case 'op':
				if (tok.value === '-' && this.peek().kind === 'num') return { type: 'literal', value: -Number(this.next().value) };
				return this.fail(tok);
			case '(': {
				const inner = this.expr();
				this.expect(')');
				return inner;
			}
			case 'ident':
			case 'qident': {
				if (tok.kind === 'ident') {
					const up = tok.value.toUpperCase();
					if (up === 'NULL') return { type: 'literal', value: null };
					if (up === 'TRUE') return { type: 'literal', value: 1 };
					if (up === 'FALSE') return { type: 'literal', value: 0 };
					if (RESERVED.has(up)) this.fail(tok);
					// Function calls (LOWER(x), NOW()) are outside the simulated subset.
					if (this.peek().kind === '(') this.fail(tok);
				}
				if (this.peek().kind === '.') {
					this.next();
					const col = this.next();
					if (col.kind !== 'ident' && col.kind !== 'qident') this.fail(col);
					return { type: 'column', table: tok.value, name: col.value };
				}
				return { type: 'column', name: tok.value };
			}
			default:
				return this.fail(tok);
		}
	}
	orderBy(): OrderItem[] {
		const items: OrderItem[] = [];
		do {
			const col = this.operand();
			if (col.type !== 'column') this.fail(this.toks[this.i - 1]);
			let desc = false;
			if (this.acceptKw('DESC')) desc = true;
			else this.acceptKw('ASC');
			items.push({ column: col, desc });
		} while (this.peek().kind === ',' && this.next());
		return items;
	}
}

/** Parses a WHERE fragment; throws SqlError (syntax) on anything MySQL would reject. */
export function parseWhere(sql: string): WhereAst {
	const p = new Parser(sql, tokenize(sql));
	if (!sql.trim()) throw syntaxError(sql, 0);
	const ast = p.expr();
	p.end();
	return ast;
}

export function parseOrderBy(sql: string): OrderItem[] {
	const p = new Parser(sql, tokenize(sql));
	const items = p.orderBy();
	p.end();
	return items;
}

// ---- columns --------------------------------------------------------------------

export interface ColumnInfo {
	name: string;
	/** Field type; datetime columns compare as instants */
	type: string;
}
export type ColumnResolver = (table: string | undefined, name: string) => ColumnInfo | undefined;

function colText(c: { table?: string; name: string }): string {
	return c.table ? `${c.table}.${c.name}` : c.name;
}

/** Checks every column against the module; returns the resolved columns (throws Unknown column). */
export function checkColumns(ast: WhereAst, resolve: ColumnResolver, clause: 'where clause' | 'order clause'): void {
	const visit = (n: WhereAst): void => {
		switch (n.type) {
			case 'column':
				if (!resolve(n.table, n.name)) throw new SqlError(`Unknown column '${colText(n)}' in '${clause}'`, 'unknownColumn');
				return;
			case 'and':
			case 'or':
				visit(n.left);
				visit(n.right);
				return;
			case 'not':
			case 'isNull':
				visit(n.operand);
				return;
			case 'compare':
				visit(n.left);
				visit(n.right);
				return;
			case 'like':
				visit(n.left);
				visit(n.pattern);
				return;
			case 'in':
				visit(n.left);
				n.list.forEach(visit);
				return;
			case 'between':
				visit(n.left);
				visit(n.low);
				visit(n.high);
				return;
			case 'literal':
				return;
		}
	};
	visit(ast);
}

// ---- evaluation -----------------------------------------------------------------

/** 1 = true, 0 = false, null = unknown */
type Truth = 1 | 0 | null;

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const isNumeric = (v: SqlValue): boolean => typeof v === 'number' || (typeof v === 'string' && NUMERIC.test(v));

/**
 * Instant of a date/datetime text. Text without an offset is in the database's zone:
 * UTC as SuiteCRM stores datetimes (`naiveOffsetMin` 0), or e.g. +210 for a server that
 * stores Tehran wall time; the API shows them in +03:30.
 */
export function toEpoch(v: SqlValue, naiveOffsetMin = 0): number | null {
	if (v === null) return null;
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(String(v).trim());
	if (!m) return null;
	let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
	if (m[7] && m[7] !== 'Z') {
		const sign = m[7][0] === '-' ? -1 : 1;
		const digits = m[7].slice(1).replace(':', '');
		t -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60000;
	} else if (!m[7]) t -= naiveOffsetMin * 60000;
	return t;
}

/** SQL comparison: numeric when both sides are numeric, else case-insensitive text (MySQL *_ci collations). */
export function compareValues(a: string | number, b: string | number, temporal = false, naiveOffsetMin = 0, padSpace = true): number {
	if (temporal) {
		const ta = toEpoch(a, naiveOffsetMin);
		const tb = toEpoch(b, naiveOffsetMin);
		if (ta !== null && tb !== null) return Math.sign(ta - tb);
	}
	if (isNumeric(a) && isNumeric(b)) return Math.sign(Number(a) - Number(b));
	// Case-insensitive (*_ci); with PAD SPACE (utf8_general_ci) trailing spaces do not count either.
	const pad = (v: string | number) => (padSpace ? String(v).toLowerCase().replace(/ +$/, '') : String(v).toLowerCase());
	const sa = pad(a);
	const sb = pad(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** LIKE pattern to RegExp: % any run, _ one char, backslash escapes the next char. */
export function likeToRegExp(pattern: string): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && i + 1 < pattern.length) {
			re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
		} else if (c === '%') re += '[\\s\\S]*';
		else if (c === '_') re += '[\\s\\S]';
		else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(`^${re}$`, 'iu');
}

function truth(v: SqlValue): Truth {
	if (v === null) return null;
	if (typeof v === 'number') return v !== 0 ? 1 : 0;
	// MySQL casts text to its leading number: 'abc' is 0, '2x' is 2.
	const lead = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(v);
	return lead && Number(lead[0]) !== 0 ? 1 : 0;
}

export interface EvalContext {
	value(col: { table?: string; name: string }): SqlValue;
	type(col: { table?: string; name: string }): string | undefined;
	/** Zone of datetime literals without an offset, minutes east of UTC (0 = UTC storage). */
	naiveOffsetMin?: number;
	/** Text compares ignoring trailing spaces (the profile's textCompare) */
	padSpace?: boolean;
}

const isTemporal = (n: WhereAst, ctx: EvalContext) => n.type === 'column' && ctx.type(n) === 'datetime';

export function evaluate(n: WhereAst, ctx: EvalContext): SqlValue {
	switch (n.type) {
		case 'literal':
			return n.value;
		case 'column':
			return ctx.value(n);
		case 'and': {
			const l = truth(evaluate(n.left, ctx));
			if (l === 0) return 0;
			const r = truth(evaluate(n.right, ctx));
			if (r === 0) return 0;
			return l === null || r === null ? null : 1;
		}
		case 'or': {
			const l = truth(evaluate(n.left, ctx));
			if (l === 1) return 1;
			const r = truth(evaluate(n.right, ctx));
			if (r === 1) return 1;
			return l === null || r === null ? null : 0;
		}
		case 'not': {
			const t = truth(evaluate(n.operand, ctx));
			return t === null ? null : 1 - t;
		}
		case 'isNull': {
			const isNull = evaluate(n.operand, ctx) === null;
			return isNull !== n.negated ? 1 : 0;
		}
		case 'compare': {
			const l = evaluate(n.left, ctx);
			const r = evaluate(n.right, ctx);
			if (l === null || r === null) return null;
			const c = compareValues(l, r, isTemporal(n.left, ctx) || isTemporal(n.right, ctx), ctx.naiveOffsetMin, ctx.padSpace ?? true);
			const ok = { '=': c === 0, '!=': c !== 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[n.op];
			return ok ? 1 : 0;
		}
		case 'like': {
			const l = evaluate(n.left, ctx);
			const p = evaluate(n.pattern, ctx);
			if (l === null || p === null) return null;
			const hit = likeToRegExp(String(p)).test(String(l));
			return hit !== n.negated ? 1 : 0;
		}
		case 'in': {
			const l = evaluate(n.left, ctx);
			if (l === null) return null;
			const temporal = isTemporal(n.left, ctx);
			let sawNull = false;
			for (const item of n.list) {
				const v = evaluate(item, ctx);
				if (v === null) sawNull = true;
				else if (compareValues(l, v, temporal, ctx.naiveOffsetMin, ctx.padSpace ?? true) === 0) return n.negated ? 0 : 1;
			}
			if (sawNull) return null;
			return n.negated ? 1 : 0;
		}
		case 'between': {
			const l = evaluate(n.left, ctx);
			const lo = evaluate(n.low, ctx);
			const hi = evaluate(n.high, ctx);
			if (l === null || lo === null || hi === null) return null;
			const temporal = isTemporal(n.left, ctx);
			const inside = compareValues(l, lo, temporal, ctx.naiveOffsetMin) >= 0 && compareValues(l, hi, temporal, ctx.naiveOffsetMin) <= 0;
			return inside !== n.negated ? 1 : 0;
		}
	}
}

/** True only when the condition is TRUE (NULL/unknown rows are not selected, as in SQL). */
export function matches(ast: WhereAst, ctx: EvalContext): boolean {
	return truth(evaluate(ast, ctx)) === 1;
}
