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
import { listAllInParallel } from '../counts';
import type { SarvOperation } from '../operation';
import { limitProperty, returnAllProperty } from '../parameters/listing';
import { includeDeletedOption, offsetOption, pageSizeOption, queryOption, sortOptions } from '../parameters/options';
import { outputProperties } from '../parameters/output';
import {
	fieldsToAsk,
	listRecords,
	listWithDeleted,
	recordOutput,
	shapedRead,
	sortRules,
	withDeletedField,
	withJalaliDates,
} from '../records';

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
			fields: fieldsToAsk(item),
			letterForms: letterFormsOf(item.options),
		};
	},
	async run(item, query) {
		// Return All reads its pages in parallel where service2 tells the total (version 1.2 on).
		const records = item.options.includeDeleted
			? await listWithDeleted(item, listRequest(item.module, { ...query, fields: withDeletedField(query.fields) }))
			: ((await listAllInParallel(item, query)) ?? (await listRecords(item, (columns) => listRequest(item.module, query, columns))));
		const output = recordOutput(item);
		return await withJalaliDates(
			item,
			records.map((r) => shapedRead(item, r, output)),
		);
	},
};
