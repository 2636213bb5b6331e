/** A date-time without an offset read in the workflow's time zone (pure functions). */
import type { SarvField } from '../../../nodes/core/fields';
import { isTimeZone, wallTimeInZone, zoneOffsetMinutes } from '../../../nodes/core/dates';
import { filtersNeedFields, readFilterValues } from '../../../nodes/core/filterValues';
import { coerceValue } from '../../../nodes/core/values';

const field = (name: string, type: string): SarvField => ({ name, label: name, type, required: false, options: [] });
const START = field('date_start', 'datetime');
const BIRTH = field('birthdate', 'date');

describe('wallTimeInZone', () => {
	it.each([
		['2024-05-01 10:00', 'Asia/Tehran', '2024-05-01T06:30:00.000Z'],
		['2024-05-01T10:00:00', 'Asia/Tehran', '2024-05-01T06:30:00.000Z'],
		['2022-06-01 10:00', 'Asia/Tehran', '2022-06-01T05:30:00.000Z'], // Tehran's last summer time
		['2024-05-01 10:00', 'UTC', '2024-05-01T10:00:00.000Z'],
		['2024-07-01 09:00:30.250', 'America/New_York', '2024-07-01T13:00:30.250Z'],
		['2024-01-01 09:00', 'America/New_York', '2024-01-01T14:00:00.000Z'],
		['2024-05-01', 'Asia/Tehran', '2024-04-30T20:30:00.000Z'],
		// Clocks put forward at 02:00: 02:30 does not exist, the later reading (03:30 EDT) is taken.
		['2024-03-10 02:30', 'America/New_York', '2024-03-10T07:30:00.000Z'],
	])('%s in %s is %s', (text, zone, iso) => {
		expect(new Date(wallTimeInZone(text, zone)!).toISOString()).toBe(iso);
	});

	it('a value with an offset, or no date-time, is not its business', () => {
		expect(wallTimeInZone('2024-05-01T10:00:00Z', 'Asia/Tehran')).toBeUndefined();
		expect(wallTimeInZone('tomorrow', 'Asia/Tehran')).toBeUndefined();
	});

	it('offsets and zone names', () => {
		expect(zoneOffsetMinutes(Date.parse('2024-05-01T00:00:00Z'), 'Asia/Tehran')).toBe(210);
		expect(zoneOffsetMinutes(Date.parse('2024-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
		expect(isTimeZone('Asia/Tehran')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(isTimeZone(undefined)).toBe(false);
	});
});

describe('writes', () => {
	it('a datetime field: wall time in the zone, sent as UTC; an offset is kept', () => {
		expect(coerceValue(START, '2024-05-01 10:00', { timeZone: 'Asia/Tehran' })).toBe('2024-05-01T06:30:00Z');
		expect(coerceValue(START, '1403/02/12 10:00', { timeZone: 'Asia/Tehran', calendar: 'jalali' })).toBe('2024-05-01T06:30:00Z');
		expect(coerceValue(START, '2024-05-01T10:00:00+03:30', { timeZone: 'America/New_York' })).toBe('2024-05-01T10:00:00+03:30');
		expect(coerceValue(START, '2024-05-01 10:00')).toBe('2024-05-01T10:00:00Z');
	});

	it('a date field stays a day', () => {
		expect(coerceValue(BIRTH, '2024-05-01', { timeZone: 'Asia/Tehran' })).toBe('2024-05-01');
	});
});

describe('filters', () => {
	const on = (value: string, f: SarvField = START) => ({ field: f.name, operator: 'greaterOrEqual' as const, value });

	it('a datetime with a time of day is compared as its UTC instant', () => {
		expect(readFilterValues([on('2024-05-01 10:00')], [START], 'gregorian', 'Asia/Tehran')[0].value).toBe('2024-05-01 06:30:00');
		expect(readFilterValues([on('1403/02/12 10:00')], [START], 'jalali', 'Asia/Tehran')[0].value).toBe('2024-05-01 06:30:00');
	});

	it('a day alone, a date field, an offset or a UTC workflow: as typed', () => {
		expect(readFilterValues([on('2024-05-01')], [START], 'gregorian', 'Asia/Tehran')[0].value).toBe('2024-05-01');
		expect(readFilterValues([on('2024-05-01', BIRTH)], [BIRTH], 'gregorian', 'Asia/Tehran')[0].value).toBe('2024-05-01');
		expect(readFilterValues([on('2024-05-01 10:00')], [START], 'gregorian', 'UTC')[0].value).toBe('2024-05-01 10:00');
	});

	it('fields are loaded for a date-time only when the zone is not UTC', () => {
		expect(filtersNeedFields([on('2024-05-01 10:00')], 'gregorian', 'Asia/Tehran')).toBe(true);
		expect(filtersNeedFields([on('2024-05-01 10:00')], 'gregorian', 'UTC')).toBe(false);
	});
});
