import { SarvApiError } from '../../../nodes/core/errors';
import { OUTPUT_VERSION } from '../../../nodes/SarvCrm/parameters/output';
import { notFound, pagingOf, shaped, sortRules } from '../../../nodes/SarvCrm/records';
import { fieldsToAsk, recordOutput } from '../../../nodes/SarvCrm/settings';
import { fakeItem, INVOICES, LEADS } from './fake-item';

const V1 = 1;

describe('OUTPUT_VERSION', () => {
	it('is 1.1 (the version that brought the Output parameter)', () => {
		expect(OUTPUT_VERSION).toBe(1.1);
	});
});

describe('recordOutput', () => {
	it('on version 1: simplified when the Simplify option is on, else raw', () => {
		expect(recordOutput(fakeItem({ version: V1, options: { simplify: true } }))).toEqual({ mode: 'simplified' });
		expect(recordOutput(fakeItem({ version: V1, options: { simplify: false } }))).toEqual({ mode: 'raw' });
		expect(recordOutput(fakeItem({ version: V1 }))).toEqual({ mode: 'raw' });
	});

	it('on version 1: ignores the Output parameter', () => {
		const item = fakeItem({ version: V1, params: { output: 'selected', selectedFields: ['last_name'] } });
		expect(recordOutput(item)).toEqual({ mode: 'raw' });
	});

	it('from OUTPUT_VERSION: the Output parameter, simplified when it is not set', () => {
		expect(recordOutput(fakeItem({ version: OUTPUT_VERSION }))).toEqual({ mode: 'simplified' });
		expect(recordOutput(fakeItem({ version: OUTPUT_VERSION, params: { output: 'raw' } }))).toEqual({ mode: 'raw' });
		expect(recordOutput(fakeItem({ version: 2, params: { output: 'simplified' } }))).toEqual({ mode: 'simplified' });
	});

	it('from OUTPUT_VERSION: Selected Fields carries the chosen fields (none when none are chosen)', () => {
		const chosen = fakeItem({ version: OUTPUT_VERSION, params: { output: 'selected', selectedFields: ['last_name', 'status'] } });
		expect(recordOutput(chosen)).toEqual({ mode: 'selected', fields: ['last_name', 'status'] });
		expect(recordOutput(fakeItem({ version: OUTPUT_VERSION, params: { output: 'selected' } }))).toEqual({ mode: 'selected', fields: [] });
	});

	it('from OUTPUT_VERSION: ignores the version 1 Simplify option, and takes an unknown Output as simplified', () => {
		const rawWithSimplify = fakeItem({ version: OUTPUT_VERSION, params: { output: 'raw' }, options: { simplify: true } });
		expect(recordOutput(rawWithSimplify)).toEqual({ mode: 'raw' });
		expect(recordOutput(fakeItem({ version: OUTPUT_VERSION, params: { output: 'everything' } }))).toEqual({ mode: 'simplified' });
	});
});

describe('fieldsToAsk', () => {
	it("on version 1: Get Many's Fields option, none when absent", () => {
		expect(fieldsToAsk(fakeItem({ version: V1, options: { fields: ['last_name', 'email1'] } }))).toEqual(['last_name', 'email1']);
		expect(fieldsToAsk(fakeItem({ version: V1 }))).toEqual([]);
	});

	it('on version 1: not the Selected Fields parameter', () => {
		expect(fieldsToAsk(fakeItem({ version: V1, params: { output: 'selected', selectedFields: ['status'] } }))).toEqual([]);
	});

	it('from OUTPUT_VERSION: the selected fields when Output is Selected Fields, else none', () => {
		const selected = fakeItem({ version: OUTPUT_VERSION, params: { output: 'selected', selectedFields: ['status'] } });
		expect(fieldsToAsk(selected)).toEqual(['status']);
		expect(fieldsToAsk(fakeItem({ version: OUTPUT_VERSION, params: { output: 'raw' }, options: { fields: ['status'] } }))).toEqual([]);
		expect(fieldsToAsk(fakeItem({ version: OUTPUT_VERSION, options: { fields: ['status'] } }))).toEqual([]);
	});
});

describe('shaped', () => {
	const record = { id: 'r1', last_name: 'Rezaei', email1: '', deleted: '0', status: 'New' };

	it("hands the record on raw by default, with the web-app link of the item's module", () => {
		expect(shaped(fakeItem(), record)).toEqual({ ...record, url: 'https://crm.test/Leads/r1' });
	});

	it('simplifies or selects as asked', () => {
		expect(shaped(fakeItem(), record, { mode: 'simplified' })).toEqual({
			id: 'r1',
			last_name: 'Rezaei',
			status: 'New',
			url: 'https://crm.test/Leads/r1',
		});
		expect(shaped(fakeItem(), record, { mode: 'selected', fields: ['status'] })).toEqual({
			id: 'r1',
			status: 'New',
			url: 'https://crm.test/Leads/r1',
		});
	});

	it('links to the module it is given (a related record)', () => {
		expect(shaped(fakeItem({ module: LEADS }), { id: 'i9' }, { mode: 'raw' }, INVOICES.key)).toEqual({
			id: 'i9',
			url: 'https://crm.test/AOS_Invoices/i9',
		});
	});

	it('keeps a field of the record called url, and adds no link without an id', () => {
		expect(shaped(fakeItem(), { id: 'r1', url: 'https://example.org' })).toEqual({ id: 'r1', url: 'https://example.org' });
		expect(shaped(fakeItem(), { last_name: 'A' })).toEqual({ last_name: 'A' });
	});
});

describe('pagingOf', () => {
	it('Return All: no maximum', () => {
		expect(pagingOf(fakeItem({ params: { returnAll: true, limit: 5 } }))).toStrictEqual({ pageSize: undefined, offset: 0, max: undefined });
	});

	it('otherwise up to Limit, 50 when Limit is not set', () => {
		expect(pagingOf(fakeItem({ params: { returnAll: false, limit: 7 } })).max).toBe(7);
		expect(pagingOf(fakeItem()).max).toBe(50);
	});

	it('Page Size and Offset from the options, as numbers', () => {
		const item = fakeItem({ params: { limit: 10 }, options: { pageSize: '120', offset: '30' } });
		expect(pagingOf(item)).toStrictEqual({ pageSize: 120, offset: 30, max: 10 });
	});

	it('no Page Size when it is 0 or not a number, Offset 0 when unset', () => {
		expect(pagingOf(fakeItem({ options: { pageSize: 0 } }))).toStrictEqual({ pageSize: undefined, offset: 0, max: 50 });
		expect(pagingOf(fakeItem({ options: { pageSize: 'many', offset: '' } }))).toStrictEqual({ pageSize: undefined, offset: 0, max: 50 });
	});
});

describe('sortRules', () => {
	it('none without Sort By Field or Then Sort By', () => {
		expect(sortRules(fakeItem())).toEqual([]);
		expect(sortRules(fakeItem({ options: { sortField: '', sortDirection: 'DESC' } }))).toEqual([]);
	});

	it('Sort By Field, ascending unless Sort Direction is DESC', () => {
		expect(sortRules(fakeItem({ options: { sortField: 'last_name' } }))).toEqual([{ field: 'last_name', direction: 'ASC' }]);
		const descending = fakeItem({ options: { sortField: 'last_name', sortDirection: 'DESC' } });
		expect(sortRules(descending)).toEqual([{ field: 'last_name', direction: 'DESC' }]);
	});

	it('then the Then Sort By rules in order, blank rules dropped', () => {
		const options = {
			sortField: 'status',
			sortDirection: 'DESC',
			thenSort: {
				rule: [
					{ field: 'date_entered', direction: 'DESC' },
					{ field: '', direction: 'ASC' },
					{ field: '   ', direction: 'DESC' },
					{ direction: 'ASC' },
					{ field: 'last_name', direction: 'ASC' },
				],
			},
		};
		expect(sortRules(fakeItem({ options }))).toEqual([
			{ field: 'status', direction: 'DESC' },
			{ field: 'date_entered', direction: 'DESC' },
			{ field: 'last_name', direction: 'ASC' },
		]);
	});

	it('Then Sort By alone, without Sort By Field', () => {
		const options = { thenSort: { rule: [{ field: 'amount', direction: 'DESC' }] } };
		expect(sortRules(fakeItem({ options }))).toEqual([{ field: 'amount', direction: 'DESC' }]);
		expect(sortRules(fakeItem({ options: { thenSort: {} } }))).toEqual([]);
	});
});

describe('notFound', () => {
	const DELETED = 'Access to this object is denied since it has been deleted or does not exist.';

	it("is SarvCRM's Deleted Record (22) for the item's module and the record id", () => {
		const error = notFound(fakeItem({ module: INVOICES }), 'abc-1');
		expect(error).toBeInstanceOf(SarvApiError);
		expect(error.failure).toEqual({
			kind: 'notFound',
			code: 22,
			httpStatus: 400,
			message: DELETED,
			hint: 'The record id does not exist or the record was deleted; check the Record ID (use "Get Many" to find it).',
			relogin: false,
			retry: false,
		});
		expect(error.site).toEqual({ module: 'AOS_Invoices', recordId: 'abc-1' });
		expect(error.message).toBe(DELETED);
	});

	it("keeps the server's own message when it gave one", () => {
		const error = notFound(fakeItem(), 'r1', 'رکورد یافت نشد');
		expect(error.failure.message).toBe('رکورد یافت نشد');
		expect(error.failure.serverMessage).toBe('رکورد یافت نشد');
		expect(error.failure.code).toBe(22);
		expect(error.site).toEqual({ module: 'Leads', recordId: 'r1' });
	});

	it('takes an empty server message as none', () => {
		const error = notFound(fakeItem(), 'r1', '');
		expect(error.failure.message).toBe(DELETED);
		expect('serverMessage' in error.failure).toBe(false);
	});
});
