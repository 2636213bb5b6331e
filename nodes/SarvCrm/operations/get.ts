import { simplifyOption } from '../../core/n8n/parameters';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { fetchRecord, recordOutput, shaped } from '../records';

export const get: SarvOperation = {
	value: 'get',
	name: 'Get',
	description: 'Get one record by its ID',
	action: (m) => `Get ${m.a} ${m.singular}`,
	properties: [recordIdProperty],
	options: [simplifyOption],
	async run(item) {
		const id = readRecordId(item);
		return [shaped(item, await fetchRecord(item, id), recordOutput(item))];
	},
};
