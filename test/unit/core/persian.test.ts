/**
 * What Iranian users type, read by the small pure pieces: digits in three scripts, phone
 * numbers in every form, typed dates, the writings of Yeh and Kaf, filter values by type.
 */
import fc from 'fast-check';

import { comparable, matchKey } from '../../../nodes/core/batches';
import { addJalaliDates, calendarOf, jalaliCopy, typedDate } from '../../../nodes/core/dates';
import { asciiDigits, hasNonAsciiDigits, numberText } from '../../../nodes/core/digits';
import { SarvInputError } from '../../../nodes/core/errors';
import type { SarvField } from '../../../nodes/core/fields';
import { filtersNeedFields, readFilterValues } from '../../../nodes/core/filterValues';
import { foldLetters, letterFormsOf, letterVariants } from '../../../nodes/core/letters';
import { phoneDigits, storedPhone } from '../../../nodes/core/phones';
import { buildWhere, compileCondition } from '../../../nodes/core/where';

const YEH_FA = '\u06cc';
const YEH_AR = '\u064a';
const KAF_FA = '\u06a9';
const KAF_AR = '\u0643';

describe('digits', () => {
	it('maps all twenty non-ASCII digits and the Arabic separators, nothing else', () => {
		expect(asciiDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
		expect(asciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
		expect(asciiDigits('۱٬۲۵۰٫۵')).toBe('1250.5');
		expect(asciiDigits('مانیتور ۲۷ اینچ')).toBe('مانیتور 27 اینچ');
		expect(asciiDigits('abc 123 ,.')).toBe('abc 123 ,.');
	});

	it('numberText also drops the direction marks copy-paste leaves, and trims', () => {
		expect(numberText(' \u200f۱۲\u200e\u202b3\u202c ')).toBe('123');
	});

	it('hasNonAsciiDigits', () => {
		expect(hasNonAsciiDigits('0912۱')).toBe(true);
		expect(hasNonAsciiDigits('٥')).toBe(true);
		expect(hasNonAsciiDigits('0912 abc')).toBe(false);
	});

	it('property: a number written in any mix of the three scripts reads as the same ASCII number', () => {
		const scripts = [
			(d: number) => String(d),
			(d: number) => String.fromCharCode(0x06f0 + d),
			(d: number) => String.fromCharCode(0x0660 + d),
		];
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 20 }),
				(digits) => {
					const typed = digits.map(([d, s]) => scripts[s](d)).join('');
					expect(numberText(typed)).toBe(digits.map(([d]) => String(d)).join(''));
				},
			),
		);
	});
});

describe('phone numbers', () => {
	const forms = [
		'09121000005',
		'۰۹۱۲۱۰۰۰۰۰۵',
		'٠٩١٢١٠٠٠٠٠٥',
		'0912۱۰۰۰۰۰۵',
		'+98 912 100 0005',
		'+۹۸ ۹۱۲ ۱۰۰ ۰۰۰۵',
		'0098 912 100 0005',
		'۰۰۹۸۹۱۲۱۰۰۰۰۰۵',
		'0912-100-0005',
		'(0912) 100 0005',
		'\u200e0912 100 0005\u200f',
	];

	it.each(forms)('%p is searched and stored as 09121000005', (typed) => {
		expect(phoneDigits(typed)).toBe('09121000005');
		expect(storedPhone(typed)).toBe('09121000005');
	});

	it('a partial number stays partial; another country keeps its code when stored', () => {
		expect(phoneDigits('۰۹۱۲۱')).toBe('09121');
		expect(phoneDigits('+1 555 123')).toBe('1555123');
		expect(storedPhone('+1 555 123')).toBe('+1555123');
		expect(storedPhone('001 555 123')).toBe('+1555123');
	});

	it.each(['', '   ', 'abc', '0912abc', '0912۱۰۰۰۰۰۵x', '0912+5', '+', 'ext. 12'])('%p is not a phone number', (typed) => {
		expect(phoneDigits(typed)).toBeUndefined();
		expect(storedPhone(typed)).toBeUndefined();
	});
});

describe('typed dates', () => {
	it('Jalali with either separator and any digits; a time is kept', () => {
		for (const typed of ['۱۴۰۳/۰۵/۱۲', '1403-05-12', '1403/5/12', '١٤٠٣-٠٥-١٢'])
			expect(typedDate(typed, 'jalali')).toEqual({ ok: true, text: '2024-08-02' });
		expect(typedDate('1403/05/12 14:30', 'jalali')).toEqual({ ok: true, text: '2024-08-02 14:30' });
		expect(typedDate('1403/05/12T14:30:00Z', 'jalali')).toEqual({ ok: true, text: '2024-08-02T14:30:00Z' });
	});

	it('Gregorian: a year below 1700 is refused as Jalali-looking; later years pass as typed (digits made ASCII)', () => {
		expect(typedDate('1403-05-12')).toEqual({ ok: false, reason: 'jalaliUnderGregorian', year: 1403 });
		expect(typedDate('۱۴۰۳/۰۵/۱۲', 'gregorian')).toMatchObject({ ok: false, reason: 'jalaliUnderGregorian' });
		expect(typedDate('۲۰۲۴-۰۸-۰۲')).toEqual({ ok: true, text: '2024-08-02' });
		expect(typedDate('2024/08/02')).toEqual({ ok: true, text: '2024/08/02' });
		expect(typedDate('tomorrow')).toEqual({ ok: true, text: 'tomorrow' });
	});

	it('Jalali: impossible days and years out of range are told apart', () => {
		expect(typedDate('1404/12/30', 'jalali')).toMatchObject({ ok: false, reason: 'notJalaliDay' });
		expect(typedDate('1100/01/01', 'jalali')).toMatchObject({ ok: false, reason: 'jalaliOutOfRange' });
		expect(typedDate('2024-08-02', 'jalali')).toEqual({ ok: true, text: '2024-08-02' });
	});

	it('jalaliCopy of a date or datetime', () => {
		expect(jalaliCopy('2024-08-02')).toBe('1403-05-12');
		expect(jalaliCopy('2024-08-02 09:30:00')).toBe('1403-05-12');
		expect(jalaliCopy('2024-08-02T09:30:00Z')).toBe('1403-05-12');
		expect(jalaliCopy('')).toBeUndefined();
		expect(jalaliCopy('not a date')).toBeUndefined();
		expect(jalaliCopy(20240802)).toBeUndefined();
	});

	it('addJalaliDates: a copy per date field with a day, never overwriting a key', () => {
		const record = { id: 'x', birthdate: '2024-08-02', date_entered: '2024-03-20 05:30:00', due: '', birthdate_x: 'keep' };
		expect(addJalaliDates(record, ['birthdate', 'date_entered', 'due', 'missing'])).toEqual({
			...record,
			birthdate_jalali: '1403-05-12',
			date_entered_jalali: '1403-01-01',
		});
		expect(addJalaliDates({ birthdate: '2024-08-02', birthdate_jalali: 'mine' }, ['birthdate'])).toEqual({
			birthdate: '2024-08-02',
			birthdate_jalali: 'mine',
		});
		const none = { birthdate: '' };
		expect(addJalaliDates(none, ['birthdate'])).toBe(none);
	});

	it('calendarOf: Gregorian unless Jalali is chosen', () => {
		expect(calendarOf({})).toBe('gregorian');
		expect(calendarOf({ datesTypedIn: 'jalali' })).toBe('jalali');
		expect(calendarOf({ datesTypedIn: 'other' })).toBe('gregorian');
	});
});

describe('letter forms', () => {
	const karimiFa = `${KAF_FA}ر${YEH_FA}م${YEH_FA}`;
	const karimiAr = `${KAF_AR}ر${YEH_AR}م${YEH_AR}`;

	it('the value as typed first, then each uniform writing of Yeh and Kaf: at most 5', () => {
		const variants = letterVariants(karimiFa);
		expect(variants[0]).toBe(karimiFa);
		expect(variants).toHaveLength(4);
		expect(variants).toContain(karimiAr);
		expect(variants).toContain(`${KAF_FA}ر${YEH_AR}م${YEH_AR}`); // old Windows Persian keyboard
		expect(variants).toContain(`${KAF_AR}ر${YEH_FA}م${YEH_FA}`);
		// A value mixing forms of one letter is asked for as typed too.
		expect(letterVariants(`${KAF_FA}ر${YEH_AR}م${YEH_FA}`)).toHaveLength(5);
	});

	it('only Yeh: 2 writings; neither letter: the value alone', () => {
		expect(letterVariants(`عل${YEH_FA}`)).toEqual([`عل${YEH_FA}`, `عل${YEH_AR}`]);
		expect(letterVariants('احمد')).toEqual(['احمد']);
		expect(letterVariants('Smith')).toEqual(['Smith']);
	});

	it('property: every variant folds to the same spelling, and differs from the value only in Yeh and Kaf', () => {
		const letter = fc.constantFrom(YEH_FA, YEH_AR, KAF_FA, KAF_AR, 'ر', 'م', 'a', ' ', "'");
		fc.assert(
			fc.property(
				fc.array(letter, { maxLength: 12 }).map((l) => l.join('')),
				(text) => {
					const variants = letterVariants(text);
					expect(variants.length).toBeLessThanOrEqual(5);
					expect(new Set(variants).size).toBe(variants.length);
					for (const v of variants) {
						expect(foldLetters(v)).toBe(foldLetters(text));
						expect(v.length).toBe(text.length);
					}
				},
			),
		);
	});

	it('letterFormsOf: on unless switched off', () => {
		expect(letterFormsOf({})).toBe(true);
		expect(letterFormsOf({ matchLetterForms: true })).toBe(true);
		expect(letterFormsOf({ matchLetterForms: false })).toBe(false);
	});

	it('the WHERE builder asks for each writing, as quoted literals', () => {
		const forms = { letterForms: true };
		expect(compileCondition('leads', { field: 'last_name', operator: 'equals', value: `عل${YEH_FA}` }, forms)).toBe(
			`leads.last_name IN ('عل${YEH_FA}', 'عل${YEH_AR}')`,
		);
		expect(compileCondition('leads', { field: 'last_name', operator: 'notEquals', value: `عل${YEH_FA}` }, forms)).toBe(
			`leads.last_name NOT IN ('عل${YEH_FA}', 'عل${YEH_AR}')`,
		);
		expect(compileCondition('leads', { field: 'last_name', operator: 'contains', value: `${YEH_FA}'` }, forms)).toBe(
			`(leads.last_name LIKE '%${YEH_FA}\\'%' OR leads.last_name LIKE '%${YEH_AR}\\'%')`,
		);
		expect(compileCondition('leads', { field: 'last_name', operator: 'startsWith', value: `${KAF_AR}%` }, forms)).toBe(
			`(leads.last_name LIKE '${KAF_AR}\\\\%%' OR leads.last_name LIKE '${KAF_FA}\\\\%%')`,
		);
		expect(compileCondition('leads', { field: 'last_name', operator: 'inList', value: `${YEH_FA}, b` }, forms)).toBe(
			`leads.last_name IN ('${YEH_FA}', '${YEH_AR}', 'b')`,
		);
		// Ordering comparisons and values without the letters are as before.
		expect(compileCondition('leads', { field: 'last_name', operator: 'greaterThan', value: YEH_FA }, forms)).toBe(
			`leads.last_name > '${YEH_FA}'`,
		);
		expect(compileCondition('leads', { field: 'last_name', operator: 'equals', value: 'Smith' }, forms)).toBe("leads.last_name = 'Smith'");
	});

	it('without the option the value is one literal, as typed', () => {
		expect(buildWhere('leads', [{ field: 'last_name', operator: 'equals', value: karimiFa }])).toBe(`leads.last_name = '${karimiFa}'`);
		expect(buildWhere('leads', [{ field: 'last_name', operator: 'contains', value: karimiFa }], 'AND', '', { letterForms: false })).toBe(
			`leads.last_name LIKE '%${karimiFa}%'`,
		);
	});

	it('Create or Update hands records back by the folded spelling only with the option', () => {
		expect(comparable(karimiAr, { letterForms: true })).toBe(comparable(karimiFa, { letterForms: true }));
		expect(comparable(karimiAr)).not.toBe(comparable(karimiFa));
		expect(matchKey(['last_name'], [karimiAr], { letterForms: true })).toBe(matchKey(['last_name'], [karimiFa], { letterForms: true }));
	});
});

describe('filter values by field type', () => {
	const field = (name: string, type: string): SarvField => ({ name, label: name, type, required: false, options: [] });
	const FIELDS = [
		field('amount', 'currency'),
		field('birthdate', 'date'),
		field('phone_mobile', 'phone'),
		field('numbers', 'varchar'),
		field('title', 'varchar'),
	];

	it('numeric, phone and date values are read; text values stay as typed', () => {
		const read = readFilterValues(
			[
				{ field: 'amount', operator: 'greaterThan', value: '۱۲۵۰۰۰۰' },
				{ field: 'phone_mobile', operator: 'equals', value: '+۹۸ ۹۱۲ ۱۰۰ ۰۰۰۵' },
				{ field: 'numbers', operator: 'contains', value: '۹۱۲۱' },
				{ field: 'birthdate', operator: 'greaterOrEqual', value: '۱۴۰۳/۰۵/۱۲' },
				{ field: 'title', operator: 'contains', value: 'مانیتور ۲۷' },
				{ field: 'amount', operator: 'inList', value: '۱, ٢ ,3' },
				{ field: 'amount', operator: 'isEmpty' },
			],
			FIELDS,
			'jalali',
		);
		expect(read.map((c) => c.value)).toEqual(['1250000', '09121000005', '9121', '2024-08-02', 'مانیتور ۲۷', ['1', '2', '3'], undefined]);
	});

	it('a Jalali-looking date under Gregorian fails the filter naming its field', () => {
		expect(() => readFilterValues([{ field: 'birthdate', operator: 'equals', value: '1403-05-12' }], FIELDS, 'gregorian')).toThrow(
			SarvInputError,
		);
		try {
			readFilterValues([{ field: 'birthdate', operator: 'equals', value: '1403-05-12' }], FIELDS, 'gregorian');
		} catch (e) {
			expect((e as SarvInputError).field).toBe('birthdate');
			expect((e as SarvInputError).message).toMatch(/Dates Typed In/);
		}
	});

	it('fields are loaded only when a value could read differently', () => {
		expect(
			filtersNeedFields(
				[
					{ field: 'amount', operator: 'equals', value: '125' },
					{ field: 'birthdate', operator: 'equals', value: '2024-08-02' },
				],
				'jalali',
			),
		).toBe(false);
		expect(filtersNeedFields([{ field: 'title', operator: 'contains', value: 'کریمی' }], 'gregorian')).toBe(false);
		expect(filtersNeedFields([{ field: 'amount', operator: 'equals', value: '۱۲۵' }], 'gregorian')).toBe(true);
		expect(filtersNeedFields([{ field: 'birthdate', operator: 'equals', value: '1403-05-12' }], 'gregorian')).toBe(true);
		expect(filtersNeedFields([{ field: 'birthdate', operator: 'equals', value: '1403-05-12' }], 'jalali')).toBe(true);
	});
});
