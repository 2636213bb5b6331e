import { chosenId } from '../../core/service2/bulk';
import { datesTypedInOption } from '../../n8n/parameters';
import { bulkShared } from '../bulk';
import { readRecordInput, type RecordInput } from '../input';
import type { ItemContext, SarvOperation } from '../operation';
import { writeProperties } from '../parameters/recordInput';
import { batchSizeOption, bulkWriteOption, returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

async function createOne(item: ItemContext, { record }: RecordInput) {
	return [await savedOutput(item, await save(item, record), record)];
}

export const create: SarvOperation<RecordInput> = {
	value: 'create',
	name: 'Create',
	description: 'Create a new record in the module',
	action: (m) => `Create ${m.a} ${m.singular}`,
	properties: writeProperties,
	options: [returnFullRecordOption, datesTypedInOption, bulkWriteOption, batchSizeOption],
	writes: true,
	async read(item) {
		const fields = await item.fields.fields(item.module.key);
		return readRecordInput(item, fields, { requireAll: true });
	},
	run: createOne,
	// Many items: set_entries batches with ids the node chose (Bulk Write), else one Save each.
	runShared: bulkShared(
		({ item, input }) => ({ id: chosenId(item.origin, item.itemIndex, item.module.key, input.record), values: input.record, create: true }),
		createOne,
		async ({ item, input }, id) => [await savedOutput(item, id, input.record)],
	),
};
