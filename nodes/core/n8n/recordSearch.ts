import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { labelField } from '../fields';
import { findModule } from '../modules';
import { listRequest } from '../recordQuery';
import { asRecordList } from '../replies';
import { openSarv } from './openSarv';

const PAGE = 50;

export const listSearch = {
	/** The Record picker: newest records first, filtered by their name as the user types. */
	async searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const module = findModule(this.getCurrentNodeParameter('resource') as string);
		if (!module) return { results: [] };
		const { client, fields } = await openSarv(this);
		const field = labelField(await fields.fields(module.key));
		const offset = Number(paginationToken) || 0;
		const request = listRequest(module, {
			filters: filter && field ? [{ field, operator: 'contains', value: filter }] : [],
			sort: [{ field: 'date_modified', direction: 'DESC' }],
			fields: ['name', ...(field ? [field] : [])],
		});
		const reply = await client.request({ method: 'Retrieve', httpMethod: 'POST', module: module.key, body: { ...request, limit: PAGE, offset } });
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
