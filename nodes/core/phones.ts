import type { IDataObject } from 'n8n-workflow';

import { numberText } from './digits';
import { SarvInputError } from './errors';
import type { SarvField } from './fields';

/** What may surround the digits of a phone number: spaces, dashes, dots, slashes, brackets, a leading +. */
const PHONE_TEXT = /^\+?[\d\s\-\u2010-\u2015\u2212.()/]*$/;

interface PhoneParts {
	/** Typed with + or 00 before the country code */
	international: boolean;
	digits: string;
}

/** The digits of a typed phone number, in any script; undefined when it holds anything but digits and punctuation. */
function phoneParts(input: string): PhoneParts | undefined {
	const text = numberText(input);
	if (!PHONE_TEXT.test(text)) return undefined;
	const digits = text.replace(/\D+/g, '');
	return digits ? { international: /^(\+|00)/.test(text), digits } : undefined;
}

/**
 * What SarvCRM's SearchByNumber is sent: the ASCII digits, and Iranian numbers in the
 * national form SarvCRM stores (+98 912…, 0098 912…, the same in Persian digits → 0912…); another country's
 * number loses its + or 00. Undefined for text that is not a (partial) phone number.
 */
export function phoneDigits(input: string): string | undefined {
	const parts = phoneParts(input);
	if (!parts) return undefined;
	if (!parts.international) return parts.digits;
	const national = parts.digits.replace(/^(00)?98/, '');
	return national !== parts.digits ? `0${national}` : parts.digits.replace(/^00/, '');
}

/**
 * A number as it is stored: ASCII digits only, Iranian numbers national (0912…), so that a
 * search by any form finds it; another country's number keeps its country code after a +.
 */
export function storedPhone(input: string): string | undefined {
	const parts = phoneParts(input);
	if (!parts) return undefined;
	const national = phoneDigits(input)!;
	return parts.international && !/^(00)?98/.test(parts.digits) ? `+${national}` : national;
}

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
				`This SarvCRM keeps numbers in the phone fields (${
					fields
						.filter((f) => f.type === 'phone')
						.map((f) => f.name)
						.join(', ') || 'none'
				}): send at most one number per field.`,
			);
		}
		rest[column] = number;
		free.splice(free.indexOf(column), 1);
	}
	return rest;
}
