import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';

export const deleteOperation: SarvOperation = {
	value: 'delete',
	name: 'Delete',
	description: 'Delete a record by its ID',
	action: (m) => `Delete ${m.a} ${m.singular}`,
	properties: [recordIdProperty],
	async run(item) {
		const id = readRecordId(item);
		await item.client.request({ method: 'Save', httpMethod: 'DELETE', module: item.module.key, id });
		return [{ id, deleted: true }];
	},
};
