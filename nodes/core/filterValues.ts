/**
 * Filter values the user typed for numeric, date and phone fields, read as the same fields'
 * input is (Persian digits, Jalali dates, phone forms, a date-time without an offset in the
 * workflow's time zone); text fields' values are left as typed.
 */
import { typedDate, wallTimeInZone, type Calendar } from './dates';
import { hasNonAsciiDigits, numberText } from './digits';
import { isDateType, isNumericType, type SarvField } from './fields';
import { phoneDigits } from './phones';
import { dateError } from './values';
import type { FilterCondition } from './where';

const NO_VALUE = new Set(['isEmpty', 'isNotEmpty']);

/** A date with a time of day and no offset: the workflow's wall-clock time. */
const WALL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Whether a value may read differently once its field's type is known (so the fields are worth loading). */
function mayChange(value: unknown, calendar: Calendar, timeZone: string): boolean {
	if (typeof value !== 'string') return false;
	const typed = typedDate(value, calendar);
	const zoned = typed.ok && timeZone !== 'UTC' && WALL_DATE_TIME.test(typed.text);
	return hasNonAsciiDigits(value) || !typed.ok || typed.text !== value.trim() || zoned;
}

export function filtersNeedFields(conditions: readonly FilterCondition[], calendar: Calendar, timeZone = 'UTC'): boolean {
	return conditions.some((c) => !NO_VALUE.has(c.operator) && mayChange(c.value, calendar, timeZone));
}

type Reader = (text: string) => string;

/**
 * A datetime column's value with a time of day and no offset is the workflow's wall time: the
 * database compares UTC, so it goes as that instant in UTC (`YYYY-MM-DD HH:MM:SS`). A date
 * alone stays as typed (the database compares the day).
 */
function inUtc(text: string, timeZone: string): string {
	if (timeZone === 'UTC' || !WALL_DATE_TIME.test(text)) return text;
	const ms = wallTimeInZone(text, timeZone);
	return ms === undefined ? text : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function readerFor(field: SarvField, calendar: Calendar, timeZone: string): Reader | undefined {
	if (isNumericType(field.type)) return numberText;
	if (field.type === 'phone' || field.name === 'numbers') return (text) => phoneDigits(text) ?? numberText(text);
	if (isDateType(field.type)) {
		return (text) => {
			const typed = typedDate(text, calendar);
			if (!typed.ok) throw dateError(field, text, typed.reason, typed.year);
			return field.type === 'date' ? typed.text : inUtc(typed.text.trim(), timeZone);
		};
	}
	return undefined;
}

/** The conditions with their values read by their fields' types; In List values become a list. */
export function readFilterValues(
	conditions: readonly FilterCondition[],
	fields: readonly SarvField[],
	calendar: Calendar,
	timeZone = 'UTC',
): FilterCondition[] {
	const byName = new Map(fields.map((f) => [f.name, f]));
	return conditions.map((c) => {
		const field = byName.get(String(c.field ?? '').trim());
		const read = field && !NO_VALUE.has(c.operator) ? readerFor(field, calendar, timeZone) : undefined;
		if (!read || typeof c.value !== 'string') return c;
		if (c.operator === 'inList') {
			return {
				...c,
				value: c.value
					.split(',')
					.map((v) => v.trim())
					.filter((v) => v !== '')
					.map(read),
			};
		}
		return { ...c, value: read(c.value) };
	});
}
