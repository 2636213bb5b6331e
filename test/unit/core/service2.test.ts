/** The pure parts of the service2 client: its address, its two encodings, how replies read. */
import { randomBytes } from 'crypto';

import { service2Url, service2UrlFromBase } from '../../../nodes/core/service2/address';
import { bodyWithFiles, encodedLength } from '../../../nodes/core/service2/body';
import { service2Absent, service2ErrorOf, withFileSize } from '../../../nodes/core/service2/failure';
import { positional, replyShape, service2Request } from '../../../nodes/core/service2/protocol';
import { sessionEnded, toNameValues, unwrapNameValues } from '../../../nodes/core/service2/client';

describe('the service2 address', () => {
	it.each([
		['https://app.sarvcrm.com/API.php', 'https://app.sarvcrm.com/service2/v4_1/rest.php?utype=acme'],
		['https://app.sarvcrm.com/api.php/', 'https://app.sarvcrm.com/service2/v4_1/rest.php?utype=acme'],
		['https://crm.example/sarv/API.php?x=1#top', 'https://crm.example/sarv/service2/v4_1/rest.php?utype=acme'],
		['http://127.0.0.1:8787/', 'http://127.0.0.1:8787/service2/v4_1/rest.php?utype=acme'],
		['https://crm.example/sarv', 'https://crm.example/sarv/service2/v4_1/rest.php?utype=acme'],
	])('%s → %s', (base, expected) => {
		expect(service2UrlFromBase(base, ' acme ')).toBe(expected);
	});

	it('the credential field overrides it, given the utype when it names none', () => {
		expect(service2Url('https://app.sarvcrm.com/API.php', 'acme', ' https://other.example/s2/rest.php ')).toBe(
			'https://other.example/s2/rest.php?utype=acme',
		);
		expect(service2Url('https://app.sarvcrm.com/API.php', 'acme', 'https://other.example/rest.php?utype=x')).toBe(
			'https://other.example/rest.php?utype=x',
		);
		expect(service2Url('https://app.sarvcrm.com/API.php', 'acme', '')).toBe('https://app.sarvcrm.com/service2/v4_1/rest.php?utype=acme');
	});

	it('refuses an override that is not an http(s) URL', () => {
		expect(() => service2Url('https://app.sarvcrm.com/API.php', 'acme', 'ftp://x/rest.php')).toThrow(/http/);
		expect(() => service2Url('https://app.sarvcrm.com/API.php', 'acme', 'not a url')).toThrow(/not a valid URL/);
	});
});

describe('the two encodings', () => {
	const url = 'https://x/service2/v4_1/rest.php?utype=a';
	const args = { session: 'S', module_name: 'Leads', query: "leads.status = 'New'" };

	it('JSON body: named arguments, only the ones given', () => {
		const r = service2Request(url, 'json', 'get_entries_count', args);
		expect(JSON.parse(String(r.body))).toEqual({
			method: 'get_entries_count',
			input_type: 'JSON',
			response_type: 'JSON',
			rest_data: args,
		});
		expect(r).toMatchObject({ method: 'POST', url, disableFollowRedirect: true, ignoreHttpStatusErrors: true, returnFullResponse: true });
		expect((r.headers as Record<string, string>)['Content-Type']).toMatch(/^application\/json/);
	});

	it('form fields: rest_data a JSON string of the positional arguments, trailing unset ones left out', () => {
		const r = service2Request(url, 'form', 'get_entries_count', args);
		const fields = Object.fromEntries(new URLSearchParams(String(r.body)));
		expect(fields).toEqual({
			method: 'get_entries_count',
			input_type: 'JSON',
			response_type: 'JSON',
			rest_data: JSON.stringify(['S', 'Leads', "leads.status = 'New'"]),
		});
		// Not the bare type: n8n's helpers would re-encode a body sent with it.
		expect((r.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
		expect(positional('get_entry_list', { session: 'S', max_results: 5 })).toEqual(['S', '', '', '', '', '', '', 5]);
	});
});

describe('files in the body', () => {
	const url = 'https://x/rest.php';
	// Around the slice size (3 × 64 KiB), and tiny ones with padding.
	const sizes = [0, 1, 2, 3, 4, 196_607, 196_608, 196_609, 600_001];

	it.each(sizes)('a %i-byte file reads back from the JSON body and from the form fields', (size) => {
		const data = randomBytes(size);
		const note = { id: 'n1', filename: 'a é.pdf', file: data };
		const json = JSON.parse(String(service2Request(url, 'json', 'set_note_attachment', { session: 'S', note }).body));
		expect(json.rest_data).toEqual({ session: 'S', note: { id: 'n1', filename: 'a é.pdf', file: data.toString('base64') } });
		const form = service2Request(url, 'form', 'set_note_attachment', { session: 'S', note }).body as Buffer;
		const restData = JSON.parse(new URLSearchParams(form.toString('latin1')).get('rest_data')!);
		expect(restData).toEqual(['S', { id: 'n1', filename: 'a é.pdf', file: data.toString('base64') }]);
	});

	it('the body is exactly as long as computed (no slack, no overrun)', () => {
		const data = Buffer.from([0xfb, 0xff, 0xfe, 0x3e, 0x3f]);
		expect(data.toString('base64')).toMatch(/[+/=]/);
		expect(encodedLength(data, 'json')).toBe(data.toString('base64').length);
		expect(encodedLength(data, 'form')).toBe(new URLSearchParams({ f: data.toString('base64') }).toString().length - 2);
		const body = bodyWithFiles({ a: [data, 'x', data] }, 'json', (v) => JSON.stringify(v));
		expect(body.toString()).toBe(JSON.stringify({ a: [data.toString('base64'), 'x', data.toString('base64')] }));
	});
});

describe('reading replies', () => {
	it('tells a result, an unread call, a missing service and an HTTP error apart', () => {
		expect(replyShape(200, { id: 'x' })).toEqual({ type: 'json', body: { id: 'x' } });
		expect(replyShape(200, null)).toEqual({ type: 'json', body: null });
		expect(replyShape(200, 'null')).toEqual({ type: 'json', body: null });
		expect(replyShape(200, '<pre>Class [ <user> class SugarWebServiceImplv4_1').type).toBe('notUnderstood');
		expect(replyShape(200, '').type).toBe('notUnderstood');
		expect(replyShape(200, { name: 'An Undefined Error - invalid_call occurred', number: '-1', description: '' }).type).toBe(
			'notUnderstood',
		);
		expect(replyShape(404, '<h1>404 Not Found</h1>')).toEqual({ type: 'absent' });
		expect(replyShape(500, 'Fatal error')).toEqual({ type: 'other', status: 500, text: 'Fatal error' });
	});

	it('an error in an HTTP 200 is a failure of the code it names, in the server words', () => {
		const expired = service2ErrorOf({ name: 'Invalid Session ID', number: 11, description: 'The session ID is invalid' });
		expect(expired).toMatchObject({
			kind: 'session',
			code: 11,
			relogin: true,
			httpStatus: 200,
			message: 'Invalid Session ID: The session ID is invalid',
		});
		expect(
			service2ErrorOf({ name: 'Access Denied', number: 40, description: 'You do not have access', server_response_status: 403 }),
		).toMatchObject({
			kind: 'access',
			code: 40,
			bodyStatus: 403,
		});
		expect(service2ErrorOf({ name: 'File Does Not Exist', number: 21, description: '' })).toMatchObject({ kind: 'notFound', code: 21 });
		expect(service2ErrorOf({ name: 'File is Too Large', number: '16', description: 'too large' })).toMatchObject({
			kind: 'request',
			code: 16,
		});
	});

	it('a result is no failure, with or without server_response_status', () => {
		expect(service2ErrorOf({ id: 'n1' })).toBeUndefined();
		expect(service2ErrorOf({ result_count: 3, server_response_status: 200 })).toBeUndefined();
		expect(service2ErrorOf(null)).toBeUndefined();
		expect(service2ErrorOf({ server_response_status: 500 })).toMatchObject({ kind: 'server', bodyStatus: 500 });
	});

	it('the session is over on 11, or on a 401 status without a number; not on 40', () => {
		expect(sessionEnded(service2ErrorOf({ name: 'Invalid Session ID', number: 11, description: '' })!)).toBe(true);
		expect(sessionEnded(service2ErrorOf({ server_response_status: 401 })!)).toBe(true);
		expect(sessionEnded(service2ErrorOf({ name: 'Access Denied', number: 40, description: '', server_response_status: 403 })!)).toBe(false);
		expect(sessionEnded(service2ErrorOf({ name: 'File Does Not Exist', number: 21, description: '' })!)).toBe(false);
	});

	it('code 16 gets the size of the file sent', () => {
		const failure = withFileSize(
			service2ErrorOf({ name: 'File is Too Large', number: 16, description: 'Uploaded file is too large' })!,
			31_000_000,
		);
		expect(failure.message).toBe('File is Too Large: Uploaded file is too large (the file has 31000000 bytes)');
		expect(failure.hint).toMatch(/upload limit/);
	});

	it('a missing service names the address it tried (without the query), the probe and the credential field', () => {
		const failure = service2Absent('https://crm.example/service2/v4_1/rest.php?utype=acme');
		expect(failure.message).toBe('SarvCRM has no service2 at https://crm.example/service2/v4_1/rest.php (HTTP 404)');
		expect(failure.hint).toMatch(/npm run probe/);
		expect(failure.hint).toMatch(/Service2 URL/);
	});
});

describe('name_value_list', () => {
	it('unwraps both of its shapes and builds the list form', () => {
		expect(unwrapNameValues({ a: { name: 'a', value: '1' }, b: { name: 'b', value: null } })).toEqual({ a: '1', b: null });
		expect(unwrapNameValues([{ name: 'a', value: 2 }, 'junk'])).toEqual({ a: 2 });
		expect(toNameValues({ id: 'x', last_name: 'Y' })).toEqual([
			{ name: 'id', value: 'x' },
			{ name: 'last_name', value: 'Y' },
		]);
	});
});
