import { datesTypedInOption } from '../../n8n/parameters';
import { readRecordInput, type RecordInput } from '../input';
import type { SarvOperation } from '../operation';
import { writeProperties } from '../parameters/recordInput';
import { returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

export const create: SarvOperation<RecordInput> = {
	value: 'create',
	name: 'Create',
	description: 'Create a new record in the module',
	action: (m) => `Create ${m.a} ${m.singular}`,
	properties: writeProperties,
	options: [returnFullRecordOption, datesTypedInOption],
	writes: true,
	async read(item) {
		const fields = await item.fields.fields(item.module.key);
		return readRecordInput(item, fields, { requireAll: true });
	},
	async run(item, { record }) {
		return [await savedOutput(item, await save(item, record), record)];
	},
};
