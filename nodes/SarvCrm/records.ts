import type { IDataObject } from 'n8n-workflow';

import type { ListRequest, ListSource } from '../core/client';
import type { ColumnLayout } from '../core/columns';
import { addJalaliDates } from '../core/dates';
import { MAX_PAGE_SIZE, type PagingOptions, type ParallelPaging } from '../core/paging';
import { findSarvApiError, type SarvApiError } from '../core/errors';
import { sarvError } from '../core/failure';
import { isDateType } from '../core/fields';
import { unwrapRecord } from '../core/replies';
import { listEntries } from '../core/service2/listing';
import { byIdsRequest, type SortRule } from '../core/recordQuery';
import { shapeRecord, type RecordOutput } from '../core/shape';
import type { ItemContext } from './operation';

export function shaped(
	item: ItemContext,
	record: IDataObject,
	output: RecordOutput = { mode: 'raw' },
	module = item.module.key,
	owned = false,
): IDataObject {
	return shapeRecord(record, output, (id) => item.client.recordUrl(module, id), owned);
}

/**
 * A record handed on by a read: shaped by the Output parameter; with Include Deleted Records it
 * keeps its `deleted` field whatever the Output drops (it is what tells a deleted record apart).
 * `owned` as in shapeRecord.
 */
export function shapedRead(item: ItemContext, record: IDataObject, output: RecordOutput, owned = false): IDataObject {
	const out = shaped(item, record, output, item.module.key, owned);
	return item.options.includeDeleted && record.deleted !== undefined ? { ...out, deleted: record.deleted } : out;
}

/** With the Add Jalali Dates option: a Jalali copy of each date field (the module's fields say which). */
export async function withJalaliDates(item: ItemContext, records: IDataObject[]): Promise<IDataObject[]> {
	if (!item.options.jalaliDates || !records.length) return records;
	const dateFields = (await item.fields.fields(item.module.key)).filter((f) => isDateType(f.type)).map((f) => f.name);
	return records.map((r) => addJalaliDates(r, dateFields) as IDataObject);
}

/**
 * A record that is not there: SarvCRM's "Deleted Record" (22, "deleted or does not exist"),
 * the same for one Get and a batched one; the server's own words are kept where it gave any.
 */
export function notFound(item: ItemContext, id: string, serverMessage?: string): SarvApiError {
	return sarvError(
		'notFound',
		{ code: 22, httpStatus: 400, ...(serverMessage ? { serverMessage } : {}) },
		{ module: item.module.key, recordId: id },
	);
}

/** One record by id. */
export async function fetchRecord(item: ItemContext, id: string): Promise<IDataObject> {
	const reply = await item.client
		.request({ method: 'Retrieve', httpMethod: 'GET', module: item.module.key, id })
		.catch((error: unknown) => {
			// A one-record Retrieve refused as a bad request is the spec's "Deleted Record" (22),
			// whether or not the reply names the code, and in whatever language it speaks.
			const failure = findSarvApiError(error)?.failure;
			const unnamed = failure?.code === undefined && (failure?.httpStatus === 400 || failure?.httpStatus === 404);
			const missing = failure && (failure.code === 22 || failure.code === 51 || (unnamed && failure.kind !== 'session'));
			if (missing) throw notFound(item, id, failure.serverMessage);
			throw error;
		});
	const record = unwrapRecord(reply.data);
	if (!record) throw notFound(item, id);
	return record;
}

/** Save (create without id, update with one); the id of the saved record. */
export async function save(item: ItemContext, record: IDataObject, id?: string): Promise<string> {
	const reply = await item.client.request({ method: 'Save', httpMethod: id ? 'PUT' : 'POST', module: item.module.key, id, body: record });
	const savedId = (reply.data as IDataObject | undefined)?.id;
	if (typeof savedId === 'string' && savedId) return savedId;
	if (id) return id;
	// Created, but the reply names no id: say so rather than hand on an empty one.
	throw sarvError(
		'request',
		{
			message: `SarvCRM saved the ${item.module.key} record but its reply carries no id`,
			hint: 'The record was probably created: look it up before retrying (or use "Create or Update" with a match field, which cannot duplicate).',
		},
		{ module: item.module.key },
	);
}

/** What a write hands on: the record as sent with its id, or read back (Fetch Full Record). */
export async function savedOutput(item: ItemContext, id: string, record: IDataObject, extra: IDataObject = {}): Promise<IDataObject> {
	const json = item.options.returnFullRecord ? await fetchRecord(item, id) : { ...record, id };
	return { ...shaped(item, json), ...extra };
}

/** Return All, or up to Limit, with Page Size and Offset. */
export function pagingOf(item: ItemContext): PagingOptions {
	return {
		pageSize: Number(item.options.pageSize) || undefined,
		offset: Number(item.options.offset) || 0,
		max: item.param('returnAll', false) ? undefined : item.param('limit', 50),
	};
}

/**
 * Get Many: the module's records, the request built for this server's columns (the rest in
 * parallel where given), each shaped for the output as its page arrives.
 */
export async function listRecords(
	item: ItemContext,
	build: (columns: ColumnLayout) => ListRequest,
	parallel?: ParallelPaging,
	output?: RecordOutput,
): Promise<IDataObject[]> {
	return await item.client.listModule(item.module, build, {
		...pagingOf(item),
		...(parallel ? { parallel } : {}),
		// Each record of a page is that page's own, handed on once.
		...(output ? { each: (record: IDataObject) => shapedRead(item, record, output, true) } : {}),
	});
}

/**
 * Include Deleted Records: the listing through service2's `get_entry_list` with `deleted` true
 * (live and deleted rows; v5 never returns a deleted one), with the same paging options.
 */
export async function listWithDeleted(item: ItemContext, request: ListRequest): Promise<IDataObject[]> {
	const { offset, max, pageSize } = pagingOf(item);
	return await listEntries(item.service2(), item.module.key, request, {
		deleted: true,
		offset,
		max,
		pageSize,
		purpose: 'Include Deleted Records',
	});
}

/** Selected fields keep `deleted`, or a deleted record could not be told from a live one. */
export function withDeletedField(fields: string[] | undefined): string[] | undefined {
	return fields?.length ? [...fields, 'deleted'] : fields;
}

/** Include Deleted Records on Get: one record by id through service2, live or deleted. */
export async function fetchWithDeleted(item: ItemContext, id: string): Promise<IDataObject> {
	const request = byIdsRequest(item.module, [id], withDeletedField(item.run.fieldsToAsk));
	const [record] = await listEntries(item.service2(), item.module.key, request, {
		deleted: true,
		max: 1,
		purpose: 'Include Deleted Records',
	});
	if (!record) throw notFound(item, id);
	return record;
}

/** Include Deleted Records on a batched Get: the records of these ids through service2, by id. */
export async function recordsWithDeleted(item: ItemContext, ids: string[]): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	const unique = [...new Set(ids)];
	for (let i = 0; i < unique.length; i += MAX_PAGE_SIZE) {
		const request = byIdsRequest(item.module, unique.slice(i, i + MAX_PAGE_SIZE), withDeletedField(item.run.fieldsToAsk));
		const rows = await listEntries(item.service2(), item.module.key, request, { deleted: true, purpose: 'Include Deleted Records' });
		for (const row of rows) found.set(String(row.id), row);
	}
	return found;
}

/** Get Related Records: the records linked to one record. */
export async function listRelated(item: ItemContext, source: ListSource, request: ListRequest): Promise<IDataObject[]> {
	return await item.client.list(source, request, pagingOf(item));
}

/** Sort By Field, then the Then Sort By rules. */
export function sortRules(item: ItemContext): SortRule[] {
	const first: SortRule[] = item.options.sortField
		? [{ field: String(item.options.sortField), direction: item.options.sortDirection === 'DESC' ? 'DESC' : 'ASC' }]
		: [];
	const { rule = [] } = (item.options.thenSort ?? {}) as { rule?: SortRule[] };
	return [...first, ...rule.filter((r) => String(r.field ?? '').trim() !== '')];
}
