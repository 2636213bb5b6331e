import { datesTypedInOption } from '../../core/n8n/parameters';
import { readRecordInput } from '../input';
import type { SarvOperation } from '../operation';
import { writeProperties } from '../parameters/recordInput';
import { returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

export const create: SarvOperation = {
	value: 'create',
	name: 'Create',
	description: 'Create a new record in the module',
	action: (m) => `Create ${m.a} ${m.singular}`,
	properties: writeProperties,
	options: [returnFullRecordOption, datesTypedInOption],
	async run(item) {
		const fields = await item.fields.fields(item.module.key);
		const { record } = readRecordInput(item, fields, { requireAll: true });
		return [await savedOutput(item, await save(item, record), record)];
	},
};
