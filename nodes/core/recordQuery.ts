import type { ListRequest } from './client';
import type { SarvModule } from './modules';
import { tableRef, type ColumnLayout } from './columns';
import {
	anyOfGroups,
	buildWhere,
	qualifyColumn,
	type FilterCombinator,
	type FilterCondition,
	type TableRef,
	type WhereOptions,
} from './where';

export interface SortRule {
	field: string;
	direction?: 'ASC' | 'DESC';
}

/** What Get Many, the Record picker and the trigger ask of a module; compiled only here. */
export interface RecordQuery {
	filters?: FilterCondition[];
	combinator?: FilterCombinator;
	/** The expert Query option: a raw WHERE fragment, ANDed with the filters */
	rawQuery?: string;
	sort?: SortRule[];
	fields?: string[];
	/** Text filters match either writing of Yeh and Kaf (WhereOptions) */
	letterForms?: boolean;
}

/**
 * Without an order SQL pages need not be stable: a record can show up on two pages or on
 * none. Every listing ends with the module's creation time and id, a total order.
 */
export function stableOrder(table: TableRef, sort: SortRule[] = []): string {
	const rules = sort.filter((s) => String(s.field ?? '').trim() !== '');
	const named = new Set(rules.map((s) => s.field));
	const tail: SortRule[] = [];
	if (!named.has('date_entered') && !named.has('id')) tail.push({ field: 'date_entered', direction: 'ASC' });
	if (!named.has('id')) tail.push({ field: 'id', direction: 'ASC' });
	return [...rules, ...tail].map((s) => `${qualifyColumn(table, s.field)} ${s.direction === 'DESC' ? 'DESC' : 'ASC'}`).join(', ');
}

export function listRequest(module: SarvModule, q: RecordQuery, columns: ColumnLayout = {}): ListRequest {
	const table = tableRef(module, columns);
	const request: ListRequest = { order_by: stableOrder(table, q.sort) };
	const query = buildWhere(table, q.filters ?? [], q.combinator ?? 'AND', q.rawQuery ?? '', { letterForms: q.letterForms });
	if (query) request.query = query;
	if (q.fields?.length) request.selected_fields = [...new Set(['id', ...q.fields])];
	return request;
}

/** Records whose `field` is at or after `since` (a datetime literal in the server's clock). */
export function changedSince(
	module: SarvModule,
	field: 'date_entered' | 'date_modified',
	since: string,
	q: RecordQuery,
	columns: ColumnLayout = {},
): ListRequest {
	return listRequest(
		module,
		{
			...q,
			filters: [{ field, operator: 'greaterOrEqual', value: since }],
			// The user's filters stay one group, whatever their AND/OR; a raw query is ANDed too.
			rawQuery: [
				q.filters?.length
					? buildWhere(tableRef(module, columns), q.filters, q.combinator ?? 'AND', '', { letterForms: q.letterForms })
					: '',
				q.rawQuery?.trim() ? `(${q.rawQuery.trim()})` : '',
			]
				.filter(Boolean)
				.join(' AND '),
			combinator: 'AND',
			sort: [{ field, direction: 'ASC' }],
		},
		columns,
	);
}

/**
 * Only deleted rows (service2's `get_entry_list` with `deleted` true also lists live ones): the
 * query is ANDed with the `deleted` column, so a server that ignores the flag lists nothing.
 */
export function onlyDeleted(module: SarvModule, q: RecordQuery): RecordQuery {
	return {
		...q,
		rawQuery: [`${module.table}.deleted = 1`, q.rawQuery?.trim() ? `(${q.rawQuery.trim()})` : ''].filter(Boolean).join(' AND '),
	};
}

/** The newest record by `field` (the trigger's starting point and its test event). */
export function newestBy(
	module: SarvModule,
	field: 'date_entered' | 'date_modified',
	q: RecordQuery,
	columns: ColumnLayout = {},
): ListRequest {
	return listRequest(module, { ...q, sort: [{ field, direction: 'DESC' }] }, columns);
}

/** Records of a module with any of these ids (batched Get): `id IN (...)` in the stable order. */
export function byIdsRequest(module: SarvModule, ids: readonly string[], fields: readonly string[] = []): ListRequest {
	return {
		query: buildWhere(module.table, [{ field: 'id', operator: 'inList', value: [...ids] }]),
		order_by: stableOrder(module.table),
		...(fields.length ? { selected_fields: [...new Set(['id', ...fields])] } : {}),
	};
}

/**
 * Records matching any of the value tuples on the same fields (Create or Update's lookups):
 * a plain IN for one field, `(a AND b) OR ...` for several; the id and match fields only.
 */
export function byMatchRequest(
	module: SarvModule,
	fields: readonly string[],
	tuples: ReadonlyArray<readonly unknown[]>,
	columns: ColumnLayout = {},
	options: WhereOptions = {},
): ListRequest {
	const table = tableRef(module, columns);
	const query =
		fields.length === 1
			? buildWhere(table, [{ field: fields[0], operator: 'inList', value: tuples.map((values) => values[0]) }], 'AND', '', options)
			: anyOfGroups(
					table,
					tuples.map((values) => fields.map((field, i): FilterCondition => ({ field, operator: 'equals', value: values[i] }))),
					options,
				);
	return { query, order_by: stableOrder(table), selected_fields: [...new Set(['id', ...fields])] };
}

/**
 * Get Related Records: the related records live in another module's table, so the sort and
 * the fields are plain names (each checked like a column), and a raw query goes as it is.
 */
export function relatedRequest(q: Pick<RecordQuery, 'rawQuery' | 'fields' | 'sort'>): ListRequest {
	const request: ListRequest = {};
	const query = String(q.rawQuery ?? '').trim();
	if (query) request.query = query;
	if (q.fields?.length) request.selected_fields = [...new Set(['id', ...q.fields])];
	const sort = (q.sort ?? []).filter((s) => String(s.field ?? '').trim() !== '');
	if (sort.length)
		request.order_by = sort
			.map((s) => `${qualifyColumn('related', s.field).split('.')[1]} ${s.direction === 'DESC' ? 'DESC' : 'ASC'}`)
			.join(', ');
	return request;
}
