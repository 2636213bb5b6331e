import type { RecordQuery } from '../../core/recordQuery';
import { filterProperties, matchLetterFormsOption } from '../../n8n/parameters';
import { countByListing, countByService2 } from '../counts';
import type { SarvOperation } from '../operation';
import { queryOption } from '../parameters/options';
import { getMany } from './getMany';

export const count: SarvOperation<RecordQuery> = {
	value: 'count',
	name: 'Count',
	description: "Count the records matching the filters (one call through SarvCRM's service2; else by listing their IDs)",
	action: (m) => `Count ${m.plural}`,
	properties: filterProperties(),
	options: [queryOption, matchLetterFormsOption],
	// The same filters, read the same way, as Get Many.
	read: async (item) => await getMany.read(item),
	async run(item, query) {
		const byService2 = await countByService2(item, query);
		return [{ module: item.module.key, count: byService2 ?? (await countByListing(item, query)) }];
	},
};
