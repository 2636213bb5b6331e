import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';

export const deleteOperation: SarvOperation<string> = {
	value: 'delete',
	name: 'Delete',
	description: 'Delete a record by its ID',
	action: (m) => `Delete ${m.a} ${m.singular}`,
	properties: [recordIdProperty],
	writes: true,
	read: readRecordId,
	async run(item, id) {
		await item.client.request({ method: 'Save', httpMethod: 'DELETE', module: item.module.key, id });
		return [{ id, deleted: true }];
	},
};
