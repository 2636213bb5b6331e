import type { ListRequest } from './client';
import type { SarvModule } from './modules';
import { tableRef, type ColumnLayout } from './columns';
import { buildWhere, qualifyColumn, type FilterCombinator, type FilterCondition, type TableRef } from './where';

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
export function changedSince(module: SarvModule, field: 'date_entered' | 'date_modified', since: string, q: RecordQuery, columns: ColumnLayout = {}): ListRequest {
	return listRequest(module, {
		...q,
		filters: [{ field, operator: 'greaterOrEqual', value: since }],
		// The user's filters stay one group, whatever their AND/OR; a raw query is ANDed too.
		rawQuery: [
			q.filters?.length ? buildWhere(tableRef(module, columns), q.filters, q.combinator ?? 'AND', '', { letterForms: q.letterForms }) : '',
			q.rawQuery?.trim() ? `(${q.rawQuery.trim()})` : '',
		]
			.filter(Boolean)
			.join(' AND '),
		combinator: 'AND',
		sort: [{ field, direction: 'ASC' }],
	}, columns);
}

/** The newest record by `field` (the trigger's starting point and its test event). */
export function newestBy(module: SarvModule, field: 'date_entered' | 'date_modified', q: RecordQuery, columns: ColumnLayout = {}): ListRequest {
	return listRequest(module, { ...q, sort: [{ field, direction: 'DESC' }] }, columns);
}
