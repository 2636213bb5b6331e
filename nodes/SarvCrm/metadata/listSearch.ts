import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { findModule } from '../modules';
import { compileCondition } from '../query/where';
import { asRecordList, SarvClient } from '../transport/client';
import { labelField } from './fields';

const PAGE = 50;

export const listSearch = {
	/** The Record picker: newest records first, filtered by their name as the user types. */
	async searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const moduleKey = this.getCurrentNodeParameter('resource') as string;
		const module = findModule(moduleKey);
		if (!module) return { results: [] };
		const client = await SarvClient.create(this);
		const at = { operation: 'searchRecords', module: module.key };
		const field = labelField(await client.fields(module.key, at));
		const offset = Number(paginationToken) || 0;
		const body: IDataObject = {
			order_by: `${module.table}.date_modified DESC`,
			selected_fields: ['id', 'name', ...(field ? [field] : [])],
			limit: PAGE,
			offset,
		};
		if (filter && field) body.query = compileCondition(module.table, { field, operator: 'contains', value: filter });
		const reply = await client.request({ method: 'Retrieve', httpMethod: 'POST', module: module.key, body }, at);
		const records = asRecordList(reply.data);
		return {
			results: records.map((r) => ({
				name: String(r.name || (field && r[field]) || r.id),
				value: String(r.id),
				url: client.recordUrl(module.key, String(r.id)),
			})),
			paginationToken: records.length === PAGE ? String(offset + PAGE) : undefined,
		};
	},
};
