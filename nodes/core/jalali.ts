/**
 * The Jalali (Solar Hijri) calendar, exactly: Borkowski's algorithm (the one jalaali-js and
 * most Iranian software use), on JavaScript's proleptic Gregorian day arithmetic. Within
 * JALALI_YEARS it agrees day for day with the ICU Persian calendar behind Intl and Luxon
 * (checked by a unit test over every day); outside it the two disagree, so it is refused.
 */

export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

/** The years where this conversion and ICU's (what n8n's Luxon shows) are the same calendar. */
export const JALALI_YEARS = { min: 1178, max: 1501 } as const;

/** Jalali years in which the 33-year cycles of leap years break (Borkowski). */
const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];

const DAY_MS = 86_400_000;
const div = (a: number, b: number) => Math.trunc(a / b);
const mod = (a: number, b: number) => a - Math.trunc(a / b) * b;

/** 1 Farvardin (Nowruz) of a Jalali year, as a UTC midnight in ms. */
function nowruz(jy: number): number {
	const gy = jy + 621;
	let leapJ = -14;
	let jp = BREAKS[0];
	let jump = 0;
	for (let i = 1; i < BREAKS.length; i++) {
		const jm = BREAKS[i];
		jump = jm - jp;
		if (jy < jm) break;
		leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
		jp = jm;
	}
	const n = jy - jp;
	leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
	if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
	const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
	return Date.UTC(gy, 2, 20 + leapJ - leapG);
}

const inRange = (jy: number) => Number.isInteger(jy) && jy >= JALALI_YEARS.min && jy <= JALALI_YEARS.max;

/** Days of a Jalali month: six of 31, five of 30, Esfand 29 or, in a leap year, 30. */
export function jalaliMonthLength(jy: number, jm: number): number {
	if (jm <= 6) return 31;
	if (jm <= 11) return 30;
	return Math.round((nowruz(jy + 1) - nowruz(jy)) / DAY_MS) - 336;
}

/** Days from 1 Farvardin to the first of a month. */
const monthStart = (jm: number) => (jm <= 7 ? (jm - 1) * 31 : 186 + (jm - 7) * 30);

/** The Gregorian day of a Jalali one; undefined for a day the calendar does not have. */
export function jalaliToGregorian({ year, month, day }: CalendarDate): CalendarDate | undefined {
	if (!inRange(year) || !Number.isInteger(month) || month < 1 || month > 12) return undefined;
	if (!Number.isInteger(day) || day < 1 || day > jalaliMonthLength(year, month)) return undefined;
	const d = new Date(nowruz(year) + (monthStart(month) + day - 1) * DAY_MS);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The Jalali day of a Gregorian one; undefined outside JALALI_YEARS or for a day that does not exist. */
export function gregorianToJalali({ year, month, day }: CalendarDate): CalendarDate | undefined {
	const t = Date.UTC(year, month - 1, day);
	const check = new Date(t);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	const jy = t >= nowruz(year - 621) ? year - 621 : year - 622;
	if (!inRange(jy)) return undefined;
	const dayOfYear = Math.round((t - nowruz(jy)) / DAY_MS);
	const jm = dayOfYear < 186 ? Math.floor(dayOfYear / 31) + 1 : Math.floor((dayOfYear - 186) / 30) + 7;
	return { year: jy, month: jm, day: dayOfYear - monthStart(jm) + 1 };
}
