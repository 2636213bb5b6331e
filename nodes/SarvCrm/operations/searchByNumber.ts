import type { INodeProperties } from 'n8n-workflow';

import { SarvInputError } from '../../core/errors';
import { phoneDigits } from '../../core/phones';
import { asRecordList } from '../../core/replies';
import type { SarvOperation } from '../operation';
import { shaped } from '../records';

const phoneNumber: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: '09121234567',
	description:
		'Full or partial number. Sent as ASCII digits: Persian or Arabic digits are read as digits, spaces, dashes and brackets ' +
		'are dropped, and an Iranian number in international form (+98 912…, 0098 912…) is sent as 0912….',
};

const allModules: INodeProperties = {
	displayName: 'Search All Modules',
	name: 'allModules',
	type: 'boolean',
	default: false,
	description: 'Whether to search every module that holds phone numbers instead of only the selected one',
};

export const searchByNumber: SarvOperation<{ number: string; everywhere: boolean }> = {
	value: 'searchByNumber',
	name: 'Search by Phone Number',
	description: 'Find records with a phone number, full or partial (SearchByNumber)',
	action: (m) => `Search ${m.plural} by phone number`,
	// "Search notes by phone number" could only come back empty: offered where numbers live
	appliesTo: (m) => m.holdsPhones,
	properties: [phoneNumber, allModules],
	read(item) {
		const typed = String(item.param('phoneNumber', '') ?? '').trim();
		const number = phoneDigits(typed);
		if (!number) {
			throw new SarvInputError(
				`Phone Number "${typed.slice(0, 40)}" is not a phone number`,
				'phoneNumber',
				'Enter a full or partial phone number (digits in any script, spaces, dashes, brackets or a leading +), e.g. 0912123.',
			);
		}
		return { number, everywhere: item.param('allModules', false) };
	},
	async run(item, { number, everywhere }) {
		const reply = await item.client.request({
			method: 'SearchByNumber',
			httpMethod: 'GET',
			qs: { number, ...(everywhere ? {} : { module: item.module.key }) },
		});
		return asRecordList(reply.data).map((r) => shaped(item, r, { mode: 'raw' }, String(r.module ?? item.module.key)));
	},
};
