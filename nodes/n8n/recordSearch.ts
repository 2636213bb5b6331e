import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { labelField } from '../core/fields';
import { findModule } from '../core/modules';
import { listRequest } from '../core/recordQuery';
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
		const query = {
			filters: filter && field ? [{ field, operator: 'contains' as const, value: filter }] : [],
			sort: [{ field: 'date_modified', direction: 'DESC' as const }],
			fields: ['name', ...(field ? [field] : [])],
			// A name typed with Persian Yeh/Kaf finds one stored with Arabic ones, and the reverse.
			letterForms: true,
		};
		const records = await client.listModule(module, (columns) => listRequest(module, query, columns), {
			offset,
			max: PAGE,
			pageSize: PAGE,
		});
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
