import { fieldsToReturnOption, filterProperties, simplifyOption } from '../../n8n/parameters';
import { listRequest, type RecordQuery } from '../../core/recordQuery';
import type { FilterCombinator, FilterCondition } from '../../core/where';
import type { SarvOperation } from '../operation';
import { limitProperty, returnAllProperty } from '../parameters/listing';
import { offsetOption, pageSizeOption, queryOption, sortOptions } from '../parameters/options';
import { outputProperties } from '../parameters/output';
import { fieldsToAsk, listRecords, recordOutput, shaped, sortRules } from '../records';

export const getMany: SarvOperation<RecordQuery> = {
	value: 'getAll',
	name: 'Get Many',
	description: 'List records, with filters, sorting and paging',
	action: (m) => `Get many ${m.plural}`,
	isDefault: true,
	properties: [returnAllProperty, limitProperty, ...filterProperties(), ...outputProperties],
	options: [offsetOption, pageSizeOption, queryOption, ...sortOptions],
	optionsV1: [fieldsToReturnOption, simplifyOption],
	read(item) {
		const { conditions = [] } = item.param<{ conditions?: FilterCondition[] }>('filters', {});
		return {
			filters: conditions,
			combinator: item.param<FilterCombinator>('combineFilters', 'AND'),
			rawQuery: String(item.options.query ?? ''),
			sort: sortRules(item),
			fields: fieldsToAsk(item),
		};
	},
	async run(item, query) {
		const records = await listRecords(item, (columns) => listRequest(item.module, query, columns));
		const output = recordOutput(item);
		return records.map((r) => shaped(item, r, output));
	},
};
