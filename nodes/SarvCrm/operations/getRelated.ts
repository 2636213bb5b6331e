import type { ListRequest } from '../../core/client';
import { relatedRequest } from '../../core/recordQuery';
import { simplifyOption } from '../../n8n/parameters';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { limitProperty, returnAllProperty } from '../parameters/listing';
import { offsetOption, pageSizeOption, queryOption, relatedFieldsOption, sortOptions } from '../parameters/options';
import { recordIdProperty } from '../parameters/record';
import { relatedFieldProperty } from '../parameters/relationships';
import { outputProperties } from '../parameters/output';
import { listRelated, shaped, sortRules } from '../records';
import { readRelatedField, relatedModuleOf } from '../relatedField';

export const getRelated: SarvOperation<{ id: string; field: string; request: ListRequest }> = {
	value: 'getRelated',
	name: 'Get Related Records',
	description: 'List the records linked to a record through a relationship field (GetRelationship)',
	action: (m) => `Get records related to ${m.a} ${m.singular}`,
	properties: [recordIdProperty, relatedFieldProperty, returnAllProperty, limitProperty, ...outputProperties],
	options: [offsetOption, pageSizeOption, queryOption, relatedFieldsOption, ...sortOptions],
	optionsV1: [simplifyOption],
	read(item) {
		const fields = String(item.options.relatedFields ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		const request = relatedRequest({ rawQuery: String(item.options.query ?? ''), fields, sort: sortRules(item) });
		return { id: readRecordId(item), field: readRelatedField(item), request };
	},
	async run(item, { id, field, request }) {
		const records = await listRelated(
			item,
			{ method: 'GetRelationship', module: item.module.key, id, qs: { related_field: field } },
			request,
		);
		const relatedModule = await relatedModuleOf(item, field);
		const output = item.run.output;
		return records.map((r) => shaped(item, r, output, relatedModule));
	},
};
