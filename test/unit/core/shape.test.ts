import { recordLinks } from '../../../nodes/core/links';

/** One record's link, as the client makes it. */
const recordUrl = (baseUrl: string, utype: string, module: string, id: string) => recordLinks(baseUrl, utype)(module, id);
import { selectFields, shapeRecord, simplifyRecord } from '../../../nodes/core/shape';

const record = {
	id: 'abc',
	last_name: 'Rezaei',
	first_name: '',
	email: null,
	numbers: [],
	address: {},
	status: 'New',
	amount: 0,
	do_not_call: false,
	deleted: '0',
	created_by: '1',
	modified_user_id: '1',
	created_by_name: 'admin',
	modified_by_name: 'admin',
};

describe('simplifyRecord', () => {
	it('drops system fields and empty values, keeps 0 and false', () => {
		expect(simplifyRecord(record)).toEqual({ id: 'abc', last_name: 'Rezaei', status: 'New', amount: 0, do_not_call: false });
	});
});

describe('selectFields', () => {
	it('keeps only the named fields and the id', () => {
		expect(selectFields(record, ['status', 'missing'])).toEqual({ id: 'abc', status: 'New' });
		expect(selectFields(record, [])).toEqual({ id: 'abc' });
	});
});

describe('shapeRecord', () => {
	const url = (id: string) => `https://crm/index.php?record=${id}`;

	it('raw: as sent, plus the link', () => {
		expect(shapeRecord(record, { mode: 'raw' }, url)).toEqual({ ...record, url: 'https://crm/index.php?record=abc' });
		expect(shapeRecord(record, { mode: 'raw' })).toBe(record);
	});

	it('simplified and selected, plus the link', () => {
		expect(shapeRecord(record, { mode: 'simplified' }, url)).toEqual({
			id: 'abc',
			last_name: 'Rezaei',
			status: 'New',
			amount: 0,
			do_not_call: false,
			url: 'https://crm/index.php?record=abc',
		});
		expect(shapeRecord(record, { mode: 'selected', fields: ['status'] }, url)).toEqual({
			id: 'abc',
			status: 'New',
			url: 'https://crm/index.php?record=abc',
		});
	});

	it('never overwrites a field called url; no link without a string id', () => {
		expect(shapeRecord({ id: 'x', url: 'mine' }, { mode: 'raw' }, url)).toEqual({ id: 'x', url: 'mine' });
		expect(shapeRecord({ id: 7, name: 'n' }, { mode: 'raw' }, url)).toEqual({ id: 7, name: 'n' });
		expect(shapeRecord({ id: '', name: 'n' }, { mode: 'raw' }, url)).toEqual({ id: '', name: 'n' });
		expect(shapeRecord({ name: 'n' }, { mode: 'simplified' }, url)).toEqual({ name: 'n' });
	});

	it('does not change the record it was given', () => {
		const copy = { ...record };
		for (const output of [{ mode: 'simplified' }, { mode: 'raw' }] as const) {
			expect(shapeRecord(record, output, url)).not.toBe(record);
			expect(record).toEqual(copy);
		}
	});

	it('a record owned by the caller (a listing page) becomes the raw output itself, link added', () => {
		const own = { ...record };
		expect(shapeRecord(own, { mode: 'raw' }, url, true)).toBe(own);
		expect(own).toEqual({ ...record, url: 'https://crm/index.php?record=abc' });
		const simplified = { ...record };
		expect(shapeRecord(simplified, { mode: 'simplified' }, url, true)).not.toBe(simplified);
		expect(simplified).toEqual(record);
	});
});

describe('recordLinks', () => {
	it('index.php beside API.php, with instance key, module, DetailView and record', () => {
		expect(recordUrl('https://app.sarvcrm.com/API.php', 'acme', 'Leads', 'abc-1')).toBe(
			'https://app.sarvcrm.com/index.php?utype=acme&module=Leads&action=DetailView&record=abc-1',
		);
	});

	it('keeps the path and port; a trailing slash means the folder', () => {
		expect(recordUrl('http://10.0.0.5:8080/crm/API.php', 'x', 'Accounts', '1')).toBe(
			'http://10.0.0.5:8080/crm/index.php?utype=x&module=Accounts&action=DetailView&record=1',
		);
		expect(recordUrl('https://crm.example.ir/sarv/', 'x', 'Accounts', '1')).toMatch(/^https:\/\/crm\.example\.ir\/sarv\/index\.php\?/);
	});

	it('drops the query and fragment of the Base URL and encodes the values', () => {
		const link = recordUrl('https://app.sarvcrm.com/API.php?method=Login#x', 'a&b', 'Leads', 'id with space&x=1');
		expect(link).toBe('https://app.sarvcrm.com/index.php?utype=a%26b&module=Leads&action=DetailView&record=id+with+space%26x%3D1');
		expect(new URL(link).searchParams.get('record')).toBe('id with space&x=1');
	});

	it('one link maker per server writes every id as URLSearchParams would, module by module', () => {
		const link = recordLinks('https://app.sarvcrm.com/crm/API.php', 'acme');
		for (const id of ['6f1c2a90-1b2c-4d5e-8f90-a1b2c3d4e5f6', 'a*b_c.d-e', "a~b'c(d)!", 'a+b/c?d', 'ä ب', '']) {
			for (const module of ['Leads', 'Accounts']) {
				const expected = new URLSearchParams({ utype: 'acme', module, action: 'DetailView', record: id }).toString();
				expect(link(module, id)).toBe(`https://app.sarvcrm.com/crm/index.php?${expected}`);
			}
		}
	});
});
