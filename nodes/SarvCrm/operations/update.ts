import type { IDataObject } from 'n8n-workflow';

import { SarvInputError } from '../../core/errors';
import { datesTypedInOption } from '../../n8n/parameters';
import { readRecordId, readRecordInput } from '../input';
import { bulkShared } from '../bulk';
import type { ItemContext, SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { writeProperties } from '../parameters/recordInput';
import { batchSizeOption, bulkWriteOption, returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

async function updateOne(item: ItemContext, { id, record }: { id: string; record: IDataObject }) {
	return [await savedOutput(item, await save(item, record, id), record)];
}

export const update: SarvOperation<{ id: string; record: IDataObject }> = {
	value: 'update',
	name: 'Update',
	description: 'Change fields of a record by its ID',
	action: (m) => `Update ${m.a} ${m.singular}`,
	properties: [recordIdProperty, ...writeProperties],
	options: [returnFullRecordOption, datesTypedInOption, bulkWriteOption, batchSizeOption],
	writes: true,
	async read(item) {
		const id = readRecordId(item);
		const fields = await item.fields.fields(item.module.key);
		const { record } = readRecordInput(item, fields, { requireAll: false });
		if (!Object.keys(record).length) {
			throw new SarvInputError('Nothing to update: no field has a value', '', 'Set at least one field to change.');
		}
		return { id, record };
	},
	run: updateOne,
	runShared: bulkShared(
		({ input }) => ({ id: input.id, values: input.record, create: false }),
		updateOne,
		async ({ item, input }, id) => [await savedOutput(item, id, input.record)],
	),
};
