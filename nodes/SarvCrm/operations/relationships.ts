import type { IDataObject } from 'n8n-workflow';

import { isRelationship } from '../metadata/fields';
import { FieldValueError } from '../metadata/values';
import { qualifyColumn } from '../query/where';
import { readRecordId } from './input';
import { listRecords, type ListRequest } from './records';
import { shapeRecord } from './output';
import type { ItemContext } from './runner';

function relatedField(ctx: ItemContext): string {
	const field = String(ctx.fn.getNodeParameter('relatedField', ctx.itemIndex, '') ?? '').trim();
	// Validated like a column: it travels in the query string.
	return qualifyColumn(ctx.module.table, field).split('.')[1];
}

async function relatedModuleOf(ctx: ItemContext, field: string): Promise<string | undefined> {
	const fields = await ctx.client.fields(ctx.module.key, ctx.at());
	return fields.find((f) => f.name === field && isRelationship(f))?.relatedModule;
}

export async function getRelatedRecords(ctx: ItemContext): Promise<IDataObject[]> {
	const id = readRecordId(ctx);
	const field = relatedField(ctx);
	const request: ListRequest = {};
	const query = String(ctx.options.query ?? '').trim();
	if (query) request.query = query;
	const selected = String(ctx.options.relatedFields ?? '')
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean);
	if (selected.length) request.selected_fields = [...new Set(['id', ...selected])];
	const records = await listRecords(ctx, { method: 'GetRelationship', module: ctx.module.key, id, qs: { related_field: field } }, request);
	const relatedModule = await relatedModuleOf(ctx, field);
	return records.map((r) => shapeRecord(ctx.client, relatedModule, r, !!ctx.options.simplify));
}

export async function linkRelatedRecords(ctx: ItemContext): Promise<IDataObject[]> {
	const id = readRecordId(ctx);
	const field = relatedField(ctx);
	const { record: rows = [] } = ctx.fn.getNodeParameter('relatedRecords', ctx.itemIndex, {}) as {
		record?: Array<{ id: string; attributes?: string | IDataObject }>;
	};
	const related = rows.map((row, index) => {
		const relatedId = String(row.id ?? '').trim();
		if (!relatedId) {
			throw new FieldValueError(`Related record ${index + 1} has no ID`, 'relatedRecords', 'Enter the ID of each record to link, or remove the empty row.');
		}
		const attributes = parseAttributes(row.attributes, index);
		return Object.keys(attributes).length ? { ...attributes, id: relatedId } : relatedId;
	});
	if (!related.length) {
		throw new FieldValueError('No related record to link', 'relatedRecords', 'Add at least one record ID.');
	}
	const reply = await ctx.client.request(
		{
			method: 'SaveRelationships',
			httpMethod: 'POST',
			module: ctx.module.key,
			id,
			body: { field_name: field, related_records: related },
		},
		ctx.at(id),
	);
	return [
		{
			id,
			relatedField: field,
			linked: related.map((r) => (typeof r === 'string' ? r : r.id)),
			message: Array.isArray(reply.message) ? reply.message.join(' ') : (reply.message ?? ''),
		},
	];
}

function parseAttributes(value: string | IDataObject | undefined, index: number): IDataObject {
	if (value === undefined || value === '') return {};
	if (typeof value === 'object') return value;
	try {
		const parsed = JSON.parse(value);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
	} catch {
		// reported below
	}
	throw new FieldValueError(`Extra Attributes of related record ${index + 1} are not a JSON object`, 'attributes', 'Write them as {"qty": 2, "unit_id": "Branch"}.');
}
