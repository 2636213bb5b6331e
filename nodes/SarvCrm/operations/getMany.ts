import { letterFormsOf } from '../../core/letters';
import {
	datesTypedInOption,
	fieldsToReturnOption,
	filterProperties,
	jalaliCopyOption,
	matchLetterFormsOption,
	simplifyOption,
} from '../../n8n/parameters';
import { listRequest, type RecordQuery } from '../../core/recordQuery';
import type { FilterCombinator } from '../../core/where';
import { readFilters } from '../filters';
import { parallelPaging } from '../counts';
import type { SarvOperation } from '../operation';
import { limitProperty, returnAllProperty } from '../parameters/listing';
import { includeDeletedOption, offsetOption, pageSizeOption, queryOption, sortOptions } from '../parameters/options';
import { outputProperties } from '../parameters/output';
import { listRecords, listWithDeleted, shapedRead, sortRules, withDeletedField, withJalaliDates } from '../records';

export const getMany: SarvOperation<RecordQuery> = {
	value: 'getAll',
	name: 'Get Many',
	description: 'List records, with filters, sorting and paging',
	action: (m) => `Get many ${m.plural}`,
	isDefault: true,
	properties: [returnAllProperty, limitProperty, ...filterProperties(), ...outputProperties],
	options: [
		offsetOption,
		pageSizeOption,
		queryOption,
		...sortOptions,
		datesTypedInOption,
		matchLetterFormsOption,
		jalaliCopyOption,
		includeDeletedOption,
	],
	optionsV1: [fieldsToReturnOption, simplifyOption],
	async read(item) {
		const conditions = await readFilters(item);
		return {
			filters: conditions,
			combinator: item.param<FilterCombinator>('combineFilters', 'AND'),
			rawQuery: String(item.options.query ?? ''),
			sort: sortRules(item),
			fields: item.run.fieldsToAsk,
			letterForms: letterFormsOf(item.options),
		};
	},
	async run(item, query) {
		const output = item.run.output;
		// Return All of a long listing reads its last pages in parallel (version 1.2 on, counts.ts).
		const records = item.options.includeDeleted
			? (await listWithDeleted(item, listRequest(item.module, { ...query, fields: withDeletedField(query.fields) }))).map((r) =>
					shapedRead(item, r, output),
				)
			: await listRecords(item, (columns) => listRequest(item.module, query, columns), parallelPaging(item, query), output);
		return await withJalaliDates(item, records);
	},
};
