import { SarvInputError } from '../../../nodes/core/errors';
import type { SarvField } from '../../../nodes/core/fields';
import { readRecordId, readRecordInput } from '../../../nodes/SarvCrm/input';
import { fakeItem, INVOICES, thrown, type FakeItem } from './fake-item';

const f = (name: string, type: string, extra: Partial<SarvField> = {}): SarvField => ({
	name,
	label: name.replace(/_/g, ' '),
	type,
	required: false,
	options: [],
	...extra,
});

/** A server without the `numbers` list: numbers go to the phone columns. */
const FIELDS: SarvField[] = [
	f('id', 'id'),
	f('last_name', 'varchar', { required: true }),
	f('status', 'enum', {
		options: [
			{ value: 'New', label: 'جدید' },
			{ value: 'Converted', label: 'تبدیل شده' },
		],
	}),
	f('employees', 'int'),
	f('phone_mobile', 'phone'),
	f('phone_work', 'phone'),
];
/** A server with the `numbers` list. */
const WITH_NUMBERS: SarvField[] = [...FIELDS, f('numbers', 'varchar')];

const list = (rows: Array<{ name: string; value: unknown }>, extra: Record<string, unknown> = {}) => ({
	fieldsInput: 'list',
	fields: { field: rows },
	...extra,
});

const read = (item: FakeItem, fields = FIELDS, requireAll = false) => readRecordInput(fakeItem(item), fields, { requireAll });

const inputError = (run: () => unknown) => {
	const error = thrown(run);
	expect(error).toBeInstanceOf(SarvInputError);
	const { message, field, hint } = error as SarvInputError;
	return { message, field, hint };
};

describe('readRecordInput, Fields as a list', () => {
	it('reads the rows into a record checked against the fields (names trimmed, values converted)', () => {
		const params = list([
			{ name: 'last_name', value: 'Rezaei' },
			{ name: ' employees ', value: '12' },
			{ name: 'status', value: 'جدید' },
		]);
		expect(read({ params })).toEqual({ record: { last_name: 'Rezaei', employees: 12, status: 'New' }, matchFields: [] });
	});

	it('reads an empty record when there are no rows', () => {
		expect(read({ params: { fieldsInput: 'list' } })).toEqual({ record: {}, matchFields: [] });
	});

	it('refuses a row without a field name, saying what to do', () => {
		const params = list([
			{ name: 'last_name', value: 'A' },
			{ name: '  ', value: 'B' },
		]);
		expect(inputError(() => read({ params }))).toEqual({
			message: 'A row of "Fields" has no field name',
			field: '',
			hint: 'Pick a field for every row or remove the empty row.',
		});
	});

	it('refuses a field the module does not have, and a read-only one', () => {
		expect(inputError(() => read({ params: list([{ name: 'foo_c', value: 'x' }]) }))).toMatchObject({
			message: 'Field "foo_c" does not exist in module Leads',
			field: 'foo_c',
		});
		expect(inputError(() => read({ params: list([{ name: 'id', value: 'x' }]) }))).toMatchObject({
			message: 'Field "id" of module Leads is set by SarvCRM and cannot be written',
			field: 'id',
		});
	});

	it('names the module of the item in its errors', () => {
		expect(inputError(() => read({ module: INVOICES, params: list([{ name: 'foo_c', value: 'x' }]) })).message).toBe(
			'Field "foo_c" does not exist in module AOS_Invoices',
		);
	});

	it('requires the required fields only when asked to', () => {
		const params = list([{ name: 'status', value: 'New' }]);
		expect(read({ params }, FIELDS, false).record).toEqual({ status: 'New' });
		expect(inputError(() => read({ params }, FIELDS, true))).toMatchObject({
			message: 'Required field missing for a new Leads record: "last_name" (last name)',
			field: 'last_name',
		});
	});

	it('reads Match Fields only for an operation that matches on fields', () => {
		const params = list([{ name: 'last_name', value: 'A' }], { matchFields: ['last_name'] });
		expect(read({ params }).matchFields).toEqual([]);
		expect(read({ params, operation: { matchesOnFields: true } }).matchFields).toEqual(['last_name']);
		expect(read({ params: list([]), operation: { matchesOnFields: true } }).matchFields).toEqual([]);
	});
});

describe('readRecordInput, the field mapper', () => {
	it('is the input style when none is set: Define Below reads the mapped values', () => {
		const params = { columns: { mappingMode: 'defineBelow', value: { last_name: 'Karimi', employees: 3 } } };
		expect(read({ params })).toEqual({ record: { last_name: 'Karimi', employees: 3 }, matchFields: [] });
	});

	it('reads an empty record from no value, and refuses an unknown field in Define Below', () => {
		expect(read({ params: { fieldsInput: 'mapper', columns: { mappingMode: 'defineBelow', value: null } } }).record).toEqual({});
		expect(read({ params: { fieldsInput: 'mapper' } }).record).toEqual({});
		const unknown = { columns: { mappingMode: 'defineBelow', value: { nickname: 'x' } } };
		expect(inputError(() => read({ params: unknown })).field).toBe('nickname');
	});

	it("auto-maps the item's JSON, skipping fields the module does not have or that cannot be written", () => {
		const params = { fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: { last_name: 'ignored' } } };
		const json = { id: 'r1', last_name: 'Ahmadi', status: 'Converted', source: 'web', nested: { a: 1 } };
		expect(read({ params, json })).toEqual({ record: { last_name: 'Ahmadi', status: 'Converted' }, matchFields: [] });
	});

	it('still checks the values of known fields when auto-mapping', () => {
		const params = { columns: { mappingMode: 'autoMapInputData' } };
		expect(inputError(() => read({ params, json: { employees: 'many' } }))).toMatchObject({
			message: 'Field "employees" (employees, int) expects a number, got "many"',
			field: 'employees',
		});
	});

	it('reads the matching columns only for an operation that matches on fields', () => {
		const params = { columns: { mappingMode: 'defineBelow', value: { last_name: 'A' }, matchingColumns: ['last_name'] } };
		expect(read({ params }).matchFields).toEqual([]);
		expect(read({ params, operation: { matchesOnFields: true } }).matchFields).toEqual(['last_name']);
		const none = { columns: { mappingMode: 'defineBelow', value: {} } };
		expect(read({ params: none, operation: { matchesOnFields: true } }).matchFields).toEqual([]);
	});
});

describe('readRecordInput, the Phone Numbers collection', () => {
	it('puts the rows into the numbers list on a server that has one, blank numbers dropped', () => {
		const params = {
			...list([{ name: 'last_name', value: 'A' }]),
			phoneNumbers: {
				number: [
					{ number: ' 09121234567 ', type: 'Work', phoneCode: '98', primary: true, sms: true },
					{ number: '   ', type: 'Home' },
					{ number: '02188776655', fax: true },
				],
			},
		};
		expect(read({ params }, WITH_NUMBERS).record).toEqual({
			last_name: 'A',
			numbers: [
				{ type: 'Work', number: '09121234567', phoneCode: '98', primary: 1, sms: 1, fax: 0 },
				{ type: 'Mobile', number: '02188776655', phoneCode: '', primary: 0, sms: 0, fax: 1 },
			],
		});
	});

	it('puts each number into the phone column of its type on a server without the numbers list', () => {
		const params = {
			columns: { mappingMode: 'defineBelow', value: { last_name: 'A' } },
			phoneNumbers: { number: [{ number: '021555', type: 'Work' }, { number: '0912555' }] },
		};
		expect(read({ params }).record).toEqual({ last_name: 'A', phone_work: '021555', phone_mobile: '0912555' });
	});

	it('fails the item when there are more numbers than phone columns', () => {
		const params = { ...list([]), phoneNumbers: { number: [{ number: '1' }, { number: '2' }, { number: '3' }] } };
		expect(inputError(() => read({ params }))).toMatchObject({
			message: 'Module Leads has no phone field left for the number 3',
			field: 'numbers',
		});
	});

	it('adds no numbers when the collection is empty or has only blank rows', () => {
		expect(read({ params: { ...list([]), phoneNumbers: {} } }, WITH_NUMBERS).record).toEqual({});
		expect(read({ params: { ...list([]), phoneNumbers: { number: [{ number: '' }] } } }, WITH_NUMBERS).record).toEqual({});
	});
});

describe('readRecordId', () => {
	const idOf = (recordId: unknown) => readRecordId(fakeItem({ params: { recordId } }));

	it('gives the id, trimmed', () => {
		expect(idOf('5316cfc7-55e7-73ba-8e02-64c0b2a26b3b')).toBe('5316cfc7-55e7-73ba-8e02-64c0b2a26b3b');
		expect(idOf('  abc_1  ')).toBe('abc_1');
		expect(idOf(42)).toBe('42');
	});

	it("reads a resource locator's plain value (extractValue)", () => {
		expect(idOf({ __rl: true, mode: 'url', value: 'lead-77' })).toBe('lead-77');
	});

	it.each([
		['empty', ''],
		['blank', '   '],
		['null', null],
	])('refuses a %s Record ID, naming the recordId field', (_label, value) => {
		expect(inputError(() => idOf(value))).toEqual({
			message: 'Record ID is empty',
			field: 'recordId',
			hint: 'Map the "id" of the record, e.g. {{ $json.id }} from a previous SarvCRM node.',
		});
	});

	it('refuses a missing Record ID parameter', () => {
		expect(inputError(() => readRecordId(fakeItem())).message).toBe('Record ID is empty');
	});

	it('refuses what is not a SarvCRM ID', () => {
		expect(inputError(() => idOf('a b'))).toEqual({
			message: 'Record ID "a b" is not a SarvCRM ID',
			field: 'recordId',
			hint: 'IDs look like 5316cfc7-55e7-73ba-8e02-64c0b2a26b3b (letters, digits and dashes).',
		});
		expect(inputError(() => idOf("1' OR '1'='1")).field).toBe('recordId');
		expect(inputError(() => idOf('https://crm.test/Leads/abc')).field).toBe('recordId');
	});

	it('takes 64 characters, refuses 65, and quotes at most 80 of a long value', () => {
		expect(idOf('a'.repeat(64))).toBe('a'.repeat(64));
		expect(inputError(() => idOf('a'.repeat(65))).message).toBe(`Record ID "${'a'.repeat(65)}" is not a SarvCRM ID`);
		expect(inputError(() => idOf('b'.repeat(200))).message).toBe(`Record ID "${'b'.repeat(80)}" is not a SarvCRM ID`);
	});
});
