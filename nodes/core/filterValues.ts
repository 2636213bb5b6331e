/**
 * Filter values the user typed for numeric, date and phone fields, read as the same fields'
 * input is (Persian digits, Jalali dates, phone forms); text fields' values are left as typed.
 */
import { typedDate, type Calendar } from './dates';
import { hasNonAsciiDigits, numberText } from './digits';
import { isDateType, isNumericType, type SarvField } from './fields';
import { phoneDigits } from './phones';
import { dateError } from './values';
import type { FilterCondition } from './where';

const NO_VALUE = new Set(['isEmpty', 'isNotEmpty']);

/** Whether a value may read differently once its field's type is known (so the fields are worth loading). */
function mayChange(value: unknown, calendar: Calendar): boolean {
	if (typeof value !== 'string') return false;
	const typed = typedDate(value, calendar);
	return hasNonAsciiDigits(value) || !typed.ok || typed.text !== value.trim();
}

export function filtersNeedFields(conditions: readonly FilterCondition[], calendar: Calendar): boolean {
	return conditions.some((c) => !NO_VALUE.has(c.operator) && mayChange(c.value, calendar));
}

type Reader = (text: string) => string;

function readerFor(field: SarvField, calendar: Calendar): Reader | undefined {
	if (isNumericType(field.type)) return numberText;
	if (field.type === 'phone' || field.name === 'numbers') return (text) => phoneDigits(text) ?? numberText(text);
	if (isDateType(field.type)) {
		return (text) => {
			const typed = typedDate(text, calendar);
			if (!typed.ok) throw dateError(field, text, typed.reason, typed.year);
			return typed.text;
		};
	}
	return undefined;
}

/** The conditions with their values read by their fields' types; In List values become a list. */
export function readFilterValues(
	conditions: readonly FilterCondition[],
	fields: readonly SarvField[],
	calendar: Calendar,
): FilterCondition[] {
	const byName = new Map(fields.map((f) => [f.name, f]));
	return conditions.map((c) => {
		const field = byName.get(String(c.field ?? '').trim());
		const read = field && !NO_VALUE.has(c.operator) ? readerFor(field, calendar) : undefined;
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
