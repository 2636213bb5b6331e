/**
 * Dates as users type them, before the ISO 8601 checks: digits in any script, `/` or `-`
 * between the parts, and in the Jalali calendar when the user says so (Dates Typed In).
 */
import { numberText } from './digits';
import { gregorianToJalali, jalaliToGregorian, JALALI_YEARS, type CalendarDate } from './jalali';

export type Calendar = 'gregorian' | 'jalali';

/** The Dates Typed In option of a node's Options: Gregorian unless Jalali is chosen. */
export function calendarOf(options: { datesTypedIn?: unknown }): Calendar {
	return options.datesTypedIn === 'jalali' ? 'jalali' : 'gregorian';
}

export const CALENDAR_OPTION = 'Dates Typed In';

/**
 * No Gregorian date a CRM holds is this old, and every Jalali year in use (13xx, 14xx) is
 * below it: a year under it is a Jalali date, whatever the option says.
 */
export const FIRST_GREGORIAN_YEAR = 1700;

/** Year, month and day (with `/` or `-`), then an optional time: `1403/5/12 14:30`. */
const TYPED_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?=$|[T ])(.*)$/s;

export type TypedDate =
	| { ok: true; text: string }
	| { ok: false; reason: 'jalaliUnderGregorian' | 'notJalaliDay' | 'jalaliOutOfRange'; year: number };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (d: CalendarDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/**
 * A typed date as Gregorian ISO text (the time, if any, kept as typed), or why it cannot
 * be one. Text that is no date at all comes back as it is, for the ISO checks to refuse.
 */
export function typedDate(input: string, calendar: Calendar = 'gregorian'): TypedDate {
	const text = numberText(input);
	const m = TYPED_DATE.exec(text);
	if (!m) return { ok: true, text };
	const typed = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
	const rest = m[4];
	// A Gregorian date is left to the ISO checks as typed (only its digits made ASCII).
	if (typed.year >= FIRST_GREGORIAN_YEAR) return { ok: true, text };
	if (calendar !== 'jalali') return { ok: false, reason: 'jalaliUnderGregorian', year: typed.year };
	if (typed.year < JALALI_YEARS.min || typed.year > JALALI_YEARS.max) return { ok: false, reason: 'jalaliOutOfRange', year: typed.year };
	const gregorian = jalaliToGregorian(typed);
	if (!gregorian) return { ok: false, reason: 'notJalaliDay', year: typed.year };
	return { ok: true, text: `${isoDay(gregorian)}${rest}` };
}

/**
 * The record with a Jalali copy of each date and datetime field that has a day, as
 * `<field>_jalali`; a key the record already has is never overwritten.
 */
export function addJalaliDates(record: Record<string, unknown>, dateFields: readonly string[]): Record<string, unknown> {
	const copies = dateFields
		.filter((name) => !(`${name}_jalali` in record))
		.map((name) => [`${name}_jalali`, jalaliCopy(record[name])] as const)
		.filter(([, copy]) => copy !== undefined);
	return copies.length ? { ...record, ...Object.fromEntries(copies) } : record;
}

/** The Jalali day of an ISO date or datetime (its own date part), `1403-05-12`; undefined when it has none. */
export function jalaliCopy(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = /^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])/.exec(value.trim());
	if (!m) return undefined;
	const jalali = gregorianToJalali({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
	return jalali ? isoDay(jalali) : undefined;
}

/** A date-time written without an offset: `2024-05-01 10:00`, `2024-05-01T10:00:00.5`. */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/** Minutes east of UTC that `timeZone` (IANA name) is at the instant `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(ms));
	const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant of a date-time typed without an offset, read as wall-clock time in `timeZone`
 * (n8n's convention: the workflow's time zone). Undefined for text that is no such date-time,
 * or that already carries its offset. In a gap (clocks put forward) the later reading wins.
 */
export function wallTimeInZone(text: string, timeZone: string): number | undefined {
	const m = WALL_TIME.exec(text.trim());
	if (!m) return undefined;
	const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
	const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) + Math.round(fraction);
	if (Number.isNaN(wall)) return undefined;
	// The zone's offset at the wall time taken as UTC, then once more at the instant it gives.
	const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
	const second = wall - zoneOffsetMinutes(first, timeZone) * 60_000;
	return zoneOffsetMinutes(second, timeZone) === zoneOffsetMinutes(first, timeZone) ? second : Math.max(first, second);
}

/** Zone names checked so far in this process, and whether Intl knows each. */
const ZONES_SEEN = new Map<string, boolean>();

/** Whether a time zone name is one Intl knows (n8n's setting is an IANA name). */
export function isTimeZone(timeZone: string | undefined): timeZone is string {
	if (!timeZone) return false;
	let known = ZONES_SEEN.get(timeZone);
	if (known === undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone });
			known = true;
		} catch {
			known = false;
		}
		// Building a formatter costs milliseconds, and every run asks for its workflow's zone.
		if (ZONES_SEEN.size < 1000) ZONES_SEEN.set(timeZone, known);
	}
	return known;
}
