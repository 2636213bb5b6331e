/**
 * The Jalali conversion against the ICU Persian calendar inside Node (what n8n's Luxon
 * formats with), every day of every year it converts, both ways.
 */
import { gregorianToJalali, jalaliMonthLength, jalaliToGregorian, JALALI_YEARS } from '../../../nodes/core/jalali';

const DAY_MS = 86_400_000;
const PERSIAN = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** The Jalali day ICU gives a UTC midnight. */
function icuJalali(ms: number): { year: number; month: number; day: number } {
	const parts = Object.fromEntries(PERSIAN.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
	return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

const gregorianOf = (ms: number) => {
	const d = new Date(ms);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

describe('Jalali calendar', () => {
	it(`agrees with Intl's Persian calendar on every day of ${JALALI_YEARS.min}-${JALALI_YEARS.max}, both ways`, () => {
		const first = jalaliToGregorian({ year: JALALI_YEARS.min, month: 1, day: 1 })!;
		const last = jalaliToGregorian({ year: JALALI_YEARS.max, month: 12, day: jalaliMonthLength(JALALI_YEARS.max, 12) })!;
		const start = Date.UTC(first.year, first.month - 1, first.day);
		const end = Date.UTC(last.year, last.month - 1, last.day);
		const mismatches: string[] = [];
		let days = 0;
		for (let ms = start; ms <= end; ms += DAY_MS) {
			days++;
			const icu = icuJalali(ms);
			const gregorian = gregorianOf(ms);
			const toJalali = gregorianToJalali(gregorian);
			const toGregorian = jalaliToGregorian(icu);
			if (JSON.stringify(toJalali) !== JSON.stringify(icu) || JSON.stringify(toGregorian) !== JSON.stringify(gregorian)) {
				mismatches.push(`${JSON.stringify(gregorian)} ICU ${JSON.stringify(icu)} ours ${JSON.stringify(toJalali)}`);
			}
		}
		expect(mismatches.slice(0, 5)).toEqual([]);
		// Every day of 324 years: the loop really ran over the whole range.
		expect(days).toBe(Math.round((Date.UTC(JALALI_YEARS.max + 622, 2, 21) - Date.UTC(JALALI_YEARS.min + 621, 2, 21)) / DAY_MS));
	});

	it('knows the days people know', () => {
		expect(jalaliToGregorian({ year: 1403, month: 5, day: 12 })).toEqual({ year: 2024, month: 8, day: 2 });
		expect(jalaliToGregorian({ year: 1403, month: 1, day: 1 })).toEqual({ year: 2024, month: 3, day: 20 });
		expect(jalaliToGregorian({ year: 1357, month: 11, day: 22 })).toEqual({ year: 1979, month: 2, day: 11 });
		expect(gregorianToJalali({ year: 2025, month: 3, day: 20 })).toEqual({ year: 1403, month: 12, day: 30 });
		expect(gregorianToJalali({ year: 2025, month: 3, day: 21 })).toEqual({ year: 1404, month: 1, day: 1 });
	});

	it('month lengths: 31 for six months, 30 for five, Esfand 29 or 30', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((m) => jalaliMonthLength(1403, m))).toEqual([
			31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30,
		]);
		expect(jalaliMonthLength(1403, 12)).toBe(30);
		expect(jalaliMonthLength(1404, 12)).toBe(29);
	});

	it('days the calendar does not have are refused, not rolled over', () => {
		for (const day of [
			{ year: 1404, month: 12, day: 30 },
			{ year: 1403, month: 7, day: 31 },
			{ year: 1403, month: 13, day: 1 },
			{ year: 1403, month: 0, day: 1 },
			{ year: 1403, month: 1, day: 0 },
			{ year: 1403.5, month: 1, day: 1 },
		]) {
			expect(jalaliToGregorian(day)).toBeUndefined();
		}
		expect(gregorianToJalali({ year: 2023, month: 2, day: 29 })).toBeUndefined();
	});

	it('years outside the range are refused: there ICU and the astronomical calendar part ways', () => {
		expect(jalaliToGregorian({ year: JALALI_YEARS.min - 1, month: 6, day: 1 })).toBeUndefined();
		expect(jalaliToGregorian({ year: JALALI_YEARS.max + 1, month: 6, day: 1 })).toBeUndefined();
		// Just past each end ICU's calendar is a day apart from the astronomical one: the reason for the bounds.
		// (Borkowski's 1502 is a leap year, ICU's is not; Borkowski's Nowruz 1177 is ICU's 2 Farvardin.)
		expect(icuJalali(Date.UTC(2124, 2, 20))).toEqual({ year: 1503, month: 1, day: 1 });
		expect(icuJalali(Date.UTC(1798, 2, 21))).toEqual({ year: 1177, month: 1, day: 2 });
	});
});
