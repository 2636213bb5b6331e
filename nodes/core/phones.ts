import type { IDataObject } from 'n8n-workflow';

import { SarvInputError } from './errors';
import type { SarvField } from './fields';

/** Where a number of each type goes on a server without the `numbers` list (SuiteCRM's columns). */
const COLUMN_BY_TYPE: Record<string, string> = {
	mobile: 'phone_mobile',
	work: 'phone_work',
	home: 'phone_home',
	fax: 'phone_fax',
	other: 'phone_other',
};

function numberOf(entry: unknown): { number: string; type: string } {
	if (entry && typeof entry === 'object') {
		const e = entry as IDataObject;
		return { number: String(e.number ?? '').trim(), type: String(e.type ?? 'Mobile').toLowerCase() };
	}
	return { number: String(entry ?? '').trim(), type: 'mobile' };
}

/**
 * Puts phone numbers where this module keeps them. With a `numbers` field they stay a list;
 * without one each number goes to the phone column of its type, else to a free phone column.
 * A number with nowhere to go fails the item before anything is sent: never dropped.
 */
export function placePhoneNumbers(fields: SarvField[], record: IDataObject, module: string): IDataObject {
	if (record.numbers === undefined || fields.some((f) => f.name === 'numbers')) return record;
	const { numbers, ...rest } = record;
	const list = (Array.isArray(numbers) ? numbers : String(numbers).split(',')).map(numberOf).filter((n) => n.number);
	const free = fields.filter((f) => f.type === 'phone' && rest[f.name] === undefined).map((f) => f.name);
	for (const { number, type } of list) {
		const preferred = COLUMN_BY_TYPE[type];
		const column = preferred && free.includes(preferred) ? preferred : free[0];
		if (!column) {
			throw new SarvInputError(
				`Module ${module} has no phone field left for the number ${number}`,
				'numbers',
				`This SarvCRM keeps numbers in the phone fields (${fields.filter((f) => f.type === 'phone').map((f) => f.name).join(', ') || 'none'}): send at most one number per field.`,
			);
		}
		rest[column] = number;
		free.splice(free.indexOf(column), 1);
	}
	return rest;
}
