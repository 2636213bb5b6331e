import { simplifyOption } from '../../n8n/parameters';
import type { ListRequest } from '../../core/client';
import { qualifyColumn } from '../../core/where';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { limitProperty, returnAllProperty } from '../parameters/listing';
import { offsetOption, pageSizeOption, queryOption, relatedFieldsOption, sortOptions } from '../parameters/options';
import { recordIdProperty } from '../parameters/record';
import { relatedFieldProperty } from '../parameters/relationships';
import { outputProperties } from '../parameters/output';
import { listRelated, recordOutput, shaped, sortRules } from '../records';
import { readRelatedField, relatedModuleOf } from '../relatedField';

export const getRelated: SarvOperation = {
	value: 'getRelated',
	name: 'Get Related Records',
	description: 'List the records linked to a record through a relationship field (GetRelationship)',
	action: (m) => `Get records related to ${m.a} ${m.singular}`,
	properties: [recordIdProperty, relatedFieldProperty, returnAllProperty, limitProperty, ...outputProperties],
	options: [offsetOption, pageSizeOption, queryOption, relatedFieldsOption, ...sortOptions],
	optionsV1: [simplifyOption],
	async run(item) {
		const id = readRecordId(item);
		const field = readRelatedField(item);
		const request: ListRequest = {};
		const query = String(item.options.query ?? '').trim();
		if (query) request.query = query;
		const selected = String(item.options.relatedFields ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		if (selected.length) request.selected_fields = [...new Set(['id', ...selected])];
		// Related records live in another module's table: sort by plain field names.
		const sort = sortRules(item);
		if (sort.length) request.order_by = sort.map((s) => `${qualifyColumn('related', s.field).split('.')[1]} ${s.direction === 'DESC' ? 'DESC' : 'ASC'}`).join(', ');
		const records = await listRelated(item, { method: 'GetRelationship', module: item.module.key, id, qs: { related_field: field } }, request);
		const relatedModule = await relatedModuleOf(item, field);
		const output = recordOutput(item);
		return records.map((r) => shaped(item, r, output, relatedModule));
	},
};
