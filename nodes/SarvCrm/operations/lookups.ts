import type { IDataObject } from 'n8n-workflow';

import { FieldValueError } from '../metadata/values';
import { asRecordList } from '../transport/client';
import { shapeRecord } from './output';
import type { ItemContext } from './runner';

export async function getModuleFields(ctx: ItemContext): Promise<IDataObject[]> {
	const fields = await ctx.client.fields(ctx.module.key, ctx.at());
	return fields.map((f) => ({
		name: f.name,
		label: f.label,
		type: f.type,
		required: f.required,
		options: f.options,
		...(f.relatedModule ? { relatedModule: f.relatedModule } : {}),
		...(f.len ? { maxLength: f.len } : {}),
	}));
}

export async function searchByNumber(ctx: ItemContext): Promise<IDataObject[]> {
	const number = String(ctx.fn.getNodeParameter('phoneNumber', ctx.itemIndex, '') ?? '').trim();
	if (!/\d/.test(number)) {
		throw new FieldValueError(`Phone Number "${number}" has no digits`, 'phoneNumber', 'Enter a full or partial phone number, e.g. 0912123.');
	}
	const allModules = ctx.fn.getNodeParameter('allModules', ctx.itemIndex, false) as boolean;
	const reply = await ctx.client.request(
		{
			method: 'SearchByNumber',
			httpMethod: 'GET',
			qs: { number, ...(allModules ? {} : { module: ctx.module.key }) },
		},
		ctx.at(),
	);
	return asRecordList(reply.data).map((r) => shapeRecord(ctx.client, String(r.module ?? ctx.module.key), r, false));
}
