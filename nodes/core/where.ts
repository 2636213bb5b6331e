/**
 * Compiles the node's filter rows into the SQL WHERE fragment that SarvCRM's `query`
 * expects. Every value becomes exactly one quoted string literal and every column is
 * checked to be a plain identifier, so no input can change the shape of the query.
 */
import { SarvInputError } from './errors';
import { letterVariants } from './letters';

const FILTER_HINT = 'Fix the filter: field names come from the list, values are matched literally.';

export type FilterOperator =
	| 'equals'
	| 'notEquals'
	| 'contains'
	| 'startsWith'
	| 'greaterThan'
	| 'greaterOrEqual'
	| 'lessThan'
	| 'isEmpty'
	| 'isNotEmpty'
	| 'inList';

export interface FilterCondition {
	field: string;
	operator: FilterOperator;
	value?: unknown;
}

export type FilterCombinator = 'AND' | 'OR';

export interface WhereOptions {
	/**
	 * Text compared by Equals, Not Equals, Contains, Starts With and In List matches each
	 * writing of its Yeh and Kaf (letterVariants: at most 5 literals per value, OR-ed).
	 */
	letterForms?: boolean;
}

/** A module's table; where custom fields live elsewhere (`leads_cstm`), that table too. */
export type TableRef = string | { name: string; customTable?: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** MySQL escapes for a single-quoted literal (NO_BACKSLASH_ESCAPES off, as on SarvCRM). */
const LITERAL_ESCAPES: Record<string, string> = {
	'\\': '\\\\',
	"'": "\\'",
	'\0': '\\0',
	'\n': '\\n',
	'\r': '\\r',
	'\x1a': '\\Z',
};

export function quoteLiteral(value: unknown): string {
	const text = literalText(value);
	return `'${Array.from(text, (ch) => LITERAL_ESCAPES[ch] ?? ch).join('')}'`;
}

/**
 * A LIKE pattern whose user part matches itself only: `\\`, `%` and `_` get LIKE's
 * backslash escape first, then the whole pattern is quoted as a literal.
 */
export function quoteLikePattern(value: unknown, { prefix = '', suffix = '' } = {}): string {
	const escaped = literalText(value).replace(/[\\%_]/g, (ch) => `\\${ch}`);
	return quoteLiteral(`${prefix}${escaped}${suffix}`);
}

function literalText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (value instanceof Date) return value.toISOString();
	return JSON.stringify(value);
}

export function qualifyColumn(table: TableRef, field: string): string {
	const name = String(field ?? '').trim();
	const owner = typeof table === 'string' ? table : table.customTable && /_c$/.test(name) ? table.customTable : table.name;
	if (!IDENTIFIER.test(name)) {
		throw new SarvInputError(
			`"${name}" is not a valid field name: use the field's API name (letters, digits and _), as listed by "Get Fields"`,
			name,
			FILTER_HINT,
		);
	}
	if (!IDENTIFIER.test(owner)) throw new SarvInputError(`"${owner}" is not a valid table name`, 'resource', FILTER_HINT);
	return `${owner}.${name}`;
}

function listValues(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string')
		return value
			.split(',')
			.map((v) => v.trim())
			.filter((v) => v !== '');
	if (value === undefined || value === null || value === '') return [];
	return [value];
}

/** The texts a value is matched as: itself, or each writing of its letters. */
function forms(value: unknown, options: WhereOptions): unknown[] {
	return options.letterForms && typeof value === 'string' ? letterVariants(value) : [value];
}

/** `a OR b` of one pattern per form, grouped; a single form stays as it is. */
function anyForm(column: string, value: unknown, options: WhereOptions, affixes: { prefix?: string; suffix?: string }): string {
	const likes = forms(value, options).map((v) => `${column} LIKE ${quoteLikePattern(v, affixes)}`);
	return likes.length > 1 ? `(${likes.join(' OR ')})` : likes[0];
}

/** `= v` for one form, `IN (...)` for several (the same test in SQL). */
function equalsAny(column: string, values: unknown[], negated: boolean): string {
	if (values.length === 1) return `${column} ${negated ? '<>' : '='} ${quoteLiteral(values[0])}`;
	return `${column} ${negated ? 'NOT IN' : 'IN'} (${values.map(quoteLiteral).join(', ')})`;
}

export function compileCondition(table: TableRef, condition: FilterCondition, options: WhereOptions = {}): string {
	const column = qualifyColumn(table, condition.field);
	const { value } = condition;
	switch (condition.operator) {
		case 'equals':
			return equalsAny(column, forms(value, options), false);
		case 'notEquals':
			return equalsAny(column, forms(value, options), true);
		case 'contains':
			return anyForm(column, value, options, { prefix: '%', suffix: '%' });
		case 'startsWith':
			return anyForm(column, value, options, { suffix: '%' });
		case 'greaterThan':
			return `${column} > ${quoteLiteral(value)}`;
		case 'greaterOrEqual':
			return `${column} >= ${quoteLiteral(value)}`;
		case 'lessThan':
			return `${column} < ${quoteLiteral(value)}`;
		case 'isEmpty':
			return `(${column} IS NULL OR ${column} = '')`;
		case 'isNotEmpty':
			return `(${column} IS NOT NULL AND ${column} <> '')`;
		case 'inList': {
			const values = listValues(value);
			if (!values.length) {
				throw new SarvInputError(
					`The filter on "${condition.field}" uses "In List" but has no values: enter them separated by commas`,
					condition.field,
					FILTER_HINT,
				);
			}
			return `${column} IN (${[...new Set(values.flatMap((v) => forms(v, options)))].map(quoteLiteral).join(', ')})`;
		}
		default:
			throw new SarvInputError(`Unknown filter operator "${String(condition.operator)}"`, condition.field, FILTER_HINT);
	}
}

/** WHERE fragment for the conditions plus an optional raw expert query, or '' for none. */
export function buildWhere(
	table: TableRef,
	conditions: FilterCondition[],
	combinator: FilterCombinator = 'AND',
	rawQuery = '',
	options: WhereOptions = {},
): string {
	if (combinator !== 'AND' && combinator !== 'OR') {
		throw new SarvInputError(`Combine Filters must be AND or OR (got "${String(combinator)}")`, 'combineFilters', FILTER_HINT);
	}
	// One condition is atomic already; several are grouped so the result composes safely.
	const parts = conditions.map((c) => compileCondition(table, c, options));
	const filters = parts.length > 1 ? `(${parts.map((p) => `(${p})`).join(` ${combinator} `)})` : (parts[0] ?? '');
	const raw = rawQuery.trim();
	if (!raw) return filters;
	return filters ? `${filters} AND (${raw})` : raw;
}

/**
 * A WHERE fragment as one group, for servers that add their own clause beside it: SuiteCRM's
 * service2 count builds `WHERE <query> AND <table>.deleted = 0`, where `a OR b` would let
 * deleted rows matching `a` in. '' stays '' (no WHERE at all).
 */
export function asOneGroup(query: string): string {
	const q = query.trim();
	return q ? `(${q})` : '';
}

/** Records matching any of the groups, each group all of its conditions: `(a AND b) OR (c AND d)`. */
export function anyOfGroups(table: TableRef, groups: FilterCondition[][], options: WhereOptions = {}): string {
	const parts = groups.filter((g) => g.length).map((g) => buildWhere(table, g, 'AND', '', options));
	if (!parts.length) throw new SarvInputError('Nothing to match on', '', FILTER_HINT);
	return parts.length > 1 ? `(${parts.map((p) => `(${p})`).join(' OR ')})` : parts[0];
}
