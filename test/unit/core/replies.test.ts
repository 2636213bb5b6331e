import { asRecordList, bodyText, messageText, parseMaybeJson, unwrapRecord } from '../../../nodes/core/replies';

describe('parseMaybeJson / bodyText / messageText', () => {
	it('parses objects, JSON text and buffers; undefined otherwise', () => {
		expect(parseMaybeJson({ a: 1 })).toEqual({ a: 1 });
		expect(parseMaybeJson('{"a":1}')).toEqual({ a: 1 });
		expect(parseMaybeJson(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
		expect(parseMaybeJson('MySQL Error: x')).toBeUndefined();
		expect(parseMaybeJson('"text"')).toBeUndefined();
		expect(parseMaybeJson('null')).toBeUndefined();
		expect(parseMaybeJson('')).toBeUndefined();
		expect(parseMaybeJson(undefined)).toBeUndefined();
		expect(parseMaybeJson(42)).toBeUndefined();
	});

	it('bodyText: strings and buffers (UTF-8); nothing else', () => {
		expect(bodyText('x')).toBe('x');
		expect(bodyText(Buffer.from('سلام'))).toBe('سلام');
		expect(bodyText({ a: 1 })).toBe('');
		expect(bodyText(undefined)).toBe('');
	});

	it('message string / array / other', () => {
		expect(messageText('a')).toBe('a');
		expect(messageText(['a', 'b'])).toBe('a b');
		expect(messageText(null)).toBe('');
		expect(messageText(undefined)).toBe('');
		expect(messageText({ x: 1 })).toBe('{"x":1}');
		expect(messageText(7)).toBe('7');
	});
});

describe('asRecordList', () => {
	it('a list of records; non-objects dropped', () => {
		expect(asRecordList([{ id: 'a' }, null, 'x', { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
	});
	it('an object of records (keyed by id)', () => {
		expect(asRecordList({ a: { id: 'a' }, b: { id: 'b' } })).toEqual([{ id: 'a' }, { id: 'b' }]);
	});
	it('nothing usable → empty', () => {
		for (const data of [undefined, null, '', 'text', 0, {}]) expect(asRecordList(data)).toEqual([]);
	});
});

describe('unwrapRecord', () => {
	const lead = { id: 'abc', last_name: 'Rezaei' };

	it('data: [record] → the record; [] → undefined', () => {
		expect(unwrapRecord([lead])).toEqual(lead);
		expect(unwrapRecord([lead, { id: 'other' }])).toEqual(lead);
		expect(unwrapRecord([])).toBeUndefined();
	});

	it('the record object itself (older servers)', () => {
		expect(unwrapRecord(lead)).toBe(lead);
		// a record whose single field is an object is still the record, as it has an id
		const one = { id: 'x', address: { city: 'Tehran' } };
		expect(unwrapRecord(one)).toBe(one);
	});

	it('an object keyed by the record id → the record inside', () => {
		expect(unwrapRecord({ abc: lead })).toEqual(lead);
	});

	it('nothing usable → undefined', () => {
		for (const data of [undefined, null, {}, '', 'abc', 0]) expect(unwrapRecord(data)).toBeUndefined();
	});
});
