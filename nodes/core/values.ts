import type { IDataObject } from 'n8n-workflow';

import { CALENDAR_OPTION, typedDate, wallTimeInZone, type Calendar } from './dates';
import { numberText } from './digits';
import { SarvInputError } from './errors';
import { isDateType, isNumericType, isWritable, READ_ONLY_FIELDS, type SarvField } from './fields';
import { JALALI_YEARS } from './jalali';
import { storedPhone } from './phones';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	const text = String(value);
	return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

function fieldLabel(field: SarvField): string {
	return `"${field.name}" (${field.label}, ${field.type})`;
}

function toNumber(field: SarvField, value: unknown): number {
	// Decimal notation only: Number() would also take "0x10" or "0b11". Persian digits are digits.
	const text = typeof value === 'string' ? numberText(value) : '';
	const n = typeof value === 'number' ? value : DECIMAL.test(text) ? Number(text) : NaN;
	if (!Number.isFinite(n)) {
		throw new SarvInputError(
			`Field ${fieldLabel(field)} expects a number, got ${describe(value)}`,
			field.name,
			'Enter digits only, with a dot for decimals (e.g. 1500000 or 12.5).',
		);
	}
	if ((field.type === 'int' || field.type === 'integer') && !Number.isInteger(n)) {
		throw new SarvInputError(`Field ${fieldLabel(field)} expects a whole number, got ${describe(value)}`, field.name, 'Round the value.');
	}
	return n;
}

function toBool(field: SarvField, value: unknown): number {
	if (typeof value === 'boolean') return value ? 1 : 0;
	const word = numberText(String(value)).toLowerCase();
	if (typeof value !== 'object' && TRUE_WORDS.has(word)) return 1;
	if (typeof value !== 'object' && FALSE_WORDS.has(word)) return 0;
	throw new SarvInputError(
		`Field ${fieldLabel(field)} expects true or false, got ${describe(value)}`,
		field.name,
		'Use true/false (or 1/0).',
	);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a typed date cannot be read, said so the user knows which calendar the node assumed. */
export function dateError(
	field: { name: string; label: string; type: string },
	value: unknown,
	reason: string,
	year: number,
): SarvInputError {
	const name = `"${field.name}" (${field.label}, ${field.type})`;
	if (reason === 'jalaliUnderGregorian') {
		return new SarvInputError(
			`Field ${name} got ${describe(value)}: the year ${year} looks like a Jalali (Persian calendar) date, ` +
				`but "${CALENDAR_OPTION}" is Gregorian`,
			field.name,
			`Set Options > ${CALENDAR_OPTION} to Jalali to convert Jalali dates, or give a Gregorian date (e.g. 2024-08-02).`,
		);
	}
	if (reason === 'jalaliOutOfRange') {
		return new SarvInputError(
			`Field ${name} got ${describe(value)}: Jalali years from ${JALALI_YEARS.min} to ${JALALI_YEARS.max} are converted, not ${year}`,
			field.name,
			'Check the year, or give a Gregorian date.',
		);
	}
	return new SarvInputError(
		`Field ${name} got ${describe(value)}, which is not a day of the Jalali calendar`,
		field.name,
		'Months 1 to 6 have 31 days, 7 to 11 have 30, Esfand (12) 29, or 30 in a leap year.',
	);
}

/** Dates go out as ISO 8601, the only format the API accepts; typed ones may be Jalali (the Dates Typed In option). */
function toDate(field: SarvField, value: unknown, calendar: Calendar, timeZone = 'UTC'): string {
	const fail = () =>
		new SarvInputError(
			`Field ${fieldLabel(field)} expects a date in ISO 8601 (YYYY-MM-DD${field.type === 'date' ? '' : 'THH:mm:ss+03:30'}), got ${describe(value)}`,
			field.name,
			'Use an ISO 8601 date, e.g. {{ $now.toISO() }} or 2024-03-20; ' +
				`for Jalali (Persian calendar) dates set Options > ${CALENDAR_OPTION} to Jalali.`,
		);
	let text: string;
	if (value instanceof Date) text = value.toISOString();
	else if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		text = String((value as { toISO: () => string }).toISO());
	} else if (typeof value === 'string') text = value.trim();
	else throw fail();
	// Every form (a Date or Luxon value too) is checked for a Jalali year: never stored as year 1403.
	const typed = typedDate(text, calendar);
	if (!typed.ok) throw dateError(field, value, typed.reason, typed.year);
	text = typed.text;

	const datePart = text.slice(0, 10);
	const m = ISO_DATE.exec(datePart);
	if (!m || (text.length > 10 && text[10] !== 'T' && text[10] !== ' ')) throw fail();
	// Date() rolls 2024-02-30 over to March: a real calendar day keeps its day number.
	const day = new Date(`${datePart}T00:00:00Z`);
	if (Number.isNaN(day.getTime()) || day.getUTCDate() !== Number(m[3])) throw fail();
	if (field.type === 'date') return datePart;
	if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) throw fail();
	// Keep a value that already carries its offset; one without is wall time in the workflow's
	// time zone (n8n's convention), sent as UTC explicitly.
	if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
		if (Number.isNaN(new Date(text.replace(' ', 'T')).getTime())) throw fail();
		return text.replace(' ', 'T');
	}
	const ms = wallTimeInZone(text, timeZone);
	if (ms === undefined) throw fail();
	return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function optionKey(field: SarvField, value: unknown): string {
	const text = String(value).trim();
	if (!field.options.length) return text;
	const byKey = field.options.find((o) => o.value === text);
	if (byKey) return byKey.value;
	const byLabel = field.options.find((o) => o.label === text);
	if (byLabel) return byLabel.value;
	const allowed = field.options
		.map((o) => o.value)
		.slice(0, 25)
		.join(', ');
	throw new SarvInputError(`Field ${fieldLabel(field)} does not accept ${describe(value)}`, field.name, `Use one of: ${allowed}`);
}

function toMultiEnum(field: SarvField, value: unknown): string {
	const list = Array.isArray(value)
		? value
		: String(value)
				.split(',')
				.map((v) => v.trim().replace(/^\^|\^$/g, ''))
				.filter((v) => v !== '');
	// SuiteCRM's own encoding of a multi-select: ^a^,^b^
	return list.map((v) => `^${optionKey(field, v)}^`).join(',');
}

function toText(field: SarvField, value: unknown): string {
	if (typeof value === 'object' && value !== null) {
		throw new SarvInputError(
			`Field ${fieldLabel(field)} expects text, got ${describe(value)}`,
			field.name,
			'Pick one value or join the list into one string (e.g. {{ $json.tags.join(", ") }}).',
		);
	}
	const text = String(value);
	if (field.len && ['varchar', 'name', 'phone', 'email', 'url'].includes(field.type) && [...text].length > field.len) {
		throw new SarvInputError(
			`Field ${fieldLabel(field)} takes at most ${field.len} characters, got ${[...text].length}`,
			field.name,
			'Shorten the value or use a text field.',
		);
	}
	return text;
}

/** A phone number as stored: ASCII digits, Iranian numbers in national form (0912…). */
function toPhone(field: SarvField, value: unknown): string {
	const phone = typeof value === 'string' || typeof value === 'number' ? storedPhone(String(value)) : undefined;
	if (phone === undefined) {
		throw new SarvInputError(
			`Field ${fieldLabel(field)} expects a phone number, got ${describe(value)}`,
			field.name,
			'Use digits (in any script) with spaces, dashes or brackets if you like, e.g. 0912 123 4567 or +98 912 123 4567.',
		);
	}
	return phone;
}

export type PhoneNumber = string | IDataObject;

function toNumbers(field: SarvField, value: unknown): PhoneNumber[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value
					.split(',')
					.map((v) => v.trim())
					.filter(Boolean)
			: [value];
	return list.map((entry) => {
		if (typeof entry === 'string' || typeof entry === 'number') return toPhone(field, entry);
		if (entry && typeof entry === 'object' && (entry as IDataObject).number) {
			const { number, phoneCode } = entry as IDataObject;
			// The country code is a number too, in whichever digits it was typed.
			const code = typeof phoneCode === 'string' ? { phoneCode: numberText(phoneCode) } : {};
			return { ...(entry as IDataObject), number: toPhone(field, number), ...code };
		}
		throw new SarvInputError(
			`Field ${fieldLabel(field)} expects phone numbers (text, or objects with a "number"), got ${describe(entry)}`,
			field.name,
			'Use "09121234567" or {"number": "09121234567", "type": "Mobile"}.',
		);
	});
}

export interface CoerceOptions {
	/** The calendar typed dates are in (Dates Typed In); Gregorian by default */
	calendar?: Calendar;
	/** The zone of a date-time typed without an offset (the workflow's, `getTimezone()`); UTC by default */
	timeZone?: string;
}

export function coerceValue(field: SarvField, value: unknown, options: CoerceOptions = {}): unknown {
	if (value === '' && !['varchar', 'text', 'name'].includes(field.type)) return '';
	if (field.name === 'numbers') return toNumbers(field, value);
	if (isNumericType(field.type)) return toNumber(field, value);
	if (field.type === 'bool') return toBool(field, value);
	if (isDateType(field.type)) return toDate(field, value, options.calendar ?? 'gregorian', options.timeZone);
	if (field.type === 'phone') return toText(field, toPhone(field, value));
	if (field.type === 'enum' || field.type === 'radioenum') return optionKey(field, value);
	if (field.type === 'multienum') return toMultiEnum(field, value);
	return toText(field, value);
}

export interface PrepareOptions {
	/** Create checks that every required field is present; Update sends only what is given. */
	requireAll: boolean;
	/** Auto-mapped input carries unrelated keys: skip unknown ones instead of failing. */
	skipUnknown?: boolean;
	module: string;
	/** The calendar typed dates are in (Dates Typed In) */
	calendar?: Calendar;
	/** The zone of a date-time typed without an offset (the workflow's) */
	timeZone?: string;
}

/** Checks and converts a record against the module's fields; throws before anything is sent. */
export function prepareRecord(fields: SarvField[], input: IDataObject, options: PrepareOptions): IDataObject {
	const byName = new Map(fields.map((f) => [f.name, f]));
	const record: IDataObject = {};
	for (const [name, value] of Object.entries(input)) {
		const field = byName.get(name);
		if (!field) {
			if (options.skipUnknown) continue;
			throw new SarvInputError(
				`Field "${name}" does not exist in module ${options.module}`,
				name,
				'Pick the field from the list, or use the API name shown by the "Get Fields" operation (custom fields end in _c).',
			);
		}
		if (!isWritable(field)) {
			if (options.skipUnknown) continue;
			throw new SarvInputError(
				`Field "${name}" of module ${options.module} is set by SarvCRM and cannot be written`,
				name,
				'Remove it from the fields to send.',
			);
		}
		if (value === undefined || value === null) continue;
		record[name] = coerceValue(field, value, { calendar: options.calendar, timeZone: options.timeZone }) as IDataObject[keyof IDataObject];
	}
	if (options.requireAll) assertRequiredFields(fields, record, options.module);
	return record;
}

/** A new record must carry every required field; names them all when some are missing. */
export function assertRequiredFields(fields: SarvField[], record: IDataObject, module: string): void {
	const missing = fields.filter(
		(f) => f.required && !READ_ONLY_FIELDS.has(f.name) && isWritable(f) && (record[f.name] === undefined || record[f.name] === ''),
	);
	if (missing.length) {
		throw new SarvInputError(
			`Required field${missing.length > 1 ? 's' : ''} missing for a new ${module} record: ${missing.map((f) => `"${f.name}" (${f.label})`).join(', ')}`,
			missing[0].name,
			'Add a value for each required field (marked with * in the field list).',
		);
	}
}
