import type { IDataObject } from 'n8n-workflow';

import { assertRequiredFields, FieldValueError } from '../metadata/values';
import { buildWhere, type FilterCombinator, type FilterCondition, qualifyColumn } from '../query/where';
import { sarvApiError } from '../transport/errors';
import type { ListSource } from '../transport/client';
import { MAX_PAGE_SIZE } from '../transport/paging';
import { readRecordId, readRecordInput } from './input';
import { shapeRecord, unwrapRecord } from './output';
import type { ItemContext } from './runner';

export async function fetchRecord(ctx: ItemContext, id: string): Promise<IDataObject> {
	const reply = await ctx.client.request({ method: 'Retrieve', httpMethod: 'GET', module: ctx.module.key, id }, ctx.at(id));
	const record = unwrapRecord(reply.data);
	if (!record) throw sarvApiError(ctx.fn.getNode(), { code: 51, httpStatus: 404 }, ctx.at(id));
	return record;
}

async function save(ctx: ItemContext, record: IDataObject, id?: string): Promise<string> {
	const reply = await ctx.client.request(
		{ method: 'Save', httpMethod: id ? 'PUT' : 'POST', module: ctx.module.key, id, body: record },
		ctx.at(id),
	);
	const savedId = (reply.data as IDataObject | undefined)?.id;
	return typeof savedId === 'string' && savedId ? savedId : (id ?? '');
}

async function savedOutput(ctx: ItemContext, id: string, record: IDataObject, extra: IDataObject = {}): Promise<IDataObject> {
	const json = ctx.options.returnFullRecord ? await fetchRecord(ctx, id) : { ...record, id };
	return { ...shapeRecord(ctx.client, ctx.module.key, json, false), ...extra };
}

export async function createRecord(ctx: ItemContext): Promise<IDataObject[]> {
	const fields = await ctx.client.fields(ctx.module.key, ctx.at());
	const { record } = readRecordInput(ctx, fields, { requireAll: true });
	return [await savedOutput(ctx, await save(ctx, record), record)];
}

export async function updateRecord(ctx: ItemContext): Promise<IDataObject[]> {
	const id = readRecordId(ctx);
	const fields = await ctx.client.fields(ctx.module.key, ctx.at(id));
	const { record } = readRecordInput(ctx, fields, { requireAll: false });
	if (!Object.keys(record).length) {
		throw new FieldValueError('Nothing to update: no field has a value', '', 'Set at least one field to change.');
	}
	return [await savedOutput(ctx, await save(ctx, record, id), record)];
}

export async function getRecord(ctx: ItemContext): Promise<IDataObject[]> {
	const id = readRecordId(ctx);
	return [shapeRecord(ctx.client, ctx.module.key, await fetchRecord(ctx, id), !!ctx.options.simplify)];
}

export async function deleteRecord(ctx: ItemContext): Promise<IDataObject[]> {
	const id = readRecordId(ctx);
	await ctx.client.request({ method: 'Save', httpMethod: 'DELETE', module: ctx.module.key, id }, ctx.at(id));
	return [{ id, deleted: true }];
}

/** Body of Retrieve / GetRelationship for one page. */
export interface ListRequest {
	query?: string;
	order_by?: string;
	selected_fields?: string[];
}

/** Get Many and Get Related Records: Return All, or up to Limit, with the Page Size option. */
export async function listRecords(ctx: ItemContext, source: ListSource, request: ListRequest): Promise<IDataObject[]> {
	const returnAll = ctx.fn.getNodeParameter('returnAll', ctx.itemIndex, false) as boolean;
	const max = returnAll ? undefined : (ctx.fn.getNodeParameter('limit', ctx.itemIndex, 50) as number);
	const pageSize = Number(ctx.options.pageSize) || MAX_PAGE_SIZE;
	return await ctx.client.list(source, { ...request }, ctx.at(source.id), { pageSize, max });
}

function filterConditions(ctx: ItemContext): FilterCondition[] {
	const { conditions = [] } = ctx.fn.getNodeParameter('filters', ctx.itemIndex, {}) as { conditions?: FilterCondition[] };
	return conditions;
}

export async function getManyRecords(ctx: ItemContext): Promise<IDataObject[]> {
	const { table } = ctx.module;
	const combinator = ctx.fn.getNodeParameter('combineFilters', ctx.itemIndex, 'AND') as FilterCombinator;
	const query = buildWhere(table, filterConditions(ctx), combinator, String(ctx.options.query ?? ''));
	const request: ListRequest = {};
	if (query) request.query = query;
	if (ctx.options.sortField) {
		request.order_by = `${qualifyColumn(table, String(ctx.options.sortField))} ${ctx.options.sortDirection === 'DESC' ? 'DESC' : 'ASC'}`;
	}
	const fields = (ctx.options.fields as string[] | undefined) ?? [];
	if (fields.length) request.selected_fields = [...new Set(['id', ...fields])];
	const records = await listRecords(ctx, { method: 'Retrieve', module: ctx.module.key }, request);
	return records.map((r) => shapeRecord(ctx.client, ctx.module.key, r, !!ctx.options.simplify));
}

export async function upsertRecord(ctx: ItemContext): Promise<IDataObject[]> {
	const fields = await ctx.client.fields(ctx.module.key, ctx.at());
	const { record, matchFields } = readRecordInput(ctx, fields, { requireAll: false });
	if (!matchFields.length) {
		throw new FieldValueError('No field to match on', 'matchFields', 'Choose one or more fields (e.g. email1) whose values identify the record.');
	}
	const conditions = matchFields.map((field): FilterCondition => {
		const value = record[field];
		if (value === undefined || value === '') {
			throw new FieldValueError(`Match field "${field}" has no value`, field, 'Give every match field a value, or stop matching on it.');
		}
		return { field, operator: 'equals', value: Array.isArray(value) ? value.join(',') : value };
	});
	const query = buildWhere(ctx.module.table, conditions, 'AND');
	const updateAll = !!ctx.options.updateAllMatches;
	// Two ids are enough to know the match is ambiguous, unless every match gets updated.
	const matches = await ctx.client.list(
		{ method: 'Retrieve', module: ctx.module.key },
		{ query, selected_fields: ['id'] },
		ctx.at(),
		{ max: updateAll ? undefined : 2 },
	);

	if (!matches.length) {
		assertRequiredFields(fields, record, ctx.module.key);
		return [await savedOutput(ctx, await save(ctx, record), record, { upsertResult: 'created' })];
	}
	if (matches.length > 1 && !updateAll) {
		throw sarvApiError(
			ctx.fn.getNode(),
			{
				code: 50,
				serverMessage: `Duplicate Records: more than one ${ctx.module.key} record matches ${matchFields.join(', ')}`,
			},
			ctx.at(),
		);
	}
	const results: IDataObject[] = [];
	for (const match of matches) {
		const id = String(match.id);
		results.push(await savedOutput(ctx, await save(ctx, record, id), record, { upsertResult: 'updated' }));
	}
	return results;
}
