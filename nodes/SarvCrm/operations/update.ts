import type { IDataObject } from 'n8n-workflow';

import { SarvInputError } from '../../core/errors';
import { datesTypedInOption } from '../../n8n/parameters';
import { readRecordId, readRecordInput } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { writeProperties } from '../parameters/recordInput';
import { returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

export const update: SarvOperation<{ id: string; record: IDataObject }> = {
	value: 'update',
	name: 'Update',
	description: 'Change fields of a record by its ID',
	action: (m) => `Update ${m.a} ${m.singular}`,
	properties: [recordIdProperty, ...writeProperties],
	options: [returnFullRecordOption, datesTypedInOption],
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
	async run(item, { id, record }) {
		return [await savedOutput(item, await save(item, record, id), record)];
	},
};
