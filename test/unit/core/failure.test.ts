import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { errorCodeFromMessage, findErrorCode, SARV_ERROR_CODES } from '../../../nodes/core/errorCodes';
import { findSarvApiError, SarvApiError } from '../../../nodes/core/errors';
import {
	afterRenewal,
	classifyReply,
	classifyThrown,
	failureOf,
	loginFailure,
	type FailureKind,
	type SarvFailure,
} from '../../../nodes/core/failure';
import { md5Hex } from '../../../nodes/core/login';

/** The doc's "Errors" table (docs/api-reference.txt), verbatim: http status, code, message. */
const DOC_TABLE: Array<[number, number, string]> = [
	[401, 10, 'Login attempt failed please check the username and password.'],
	[401, 11, 'The session ID is invalid.'],
	[401, 12, 'Please log into your instance of SarvCRM to configure your user.'],
	[400, 12, 'Portal Client does not have authorized access.'],
	[400, 14, 'Please fill out the required fields and try again.'],
	[400, 15, 'Type mismatch Error.'],
	[400, 16, 'Uploaded file is too large and exceeded the file size limit.'],
	[404, 20, 'This module is not available on this server.'],
	[404, 21, 'The desired file does not exist on the server.'],
	[400, 22, 'Access to this object is denied since it has been deleted or does not exist.'],
	[400, 30, 'This module does not support this feature.'],
	[400, 31, 'This module does not support this relationship.'],
	[403, 40, 'You do not have access.'],
	[400, 50, 'Duplicate records have been found. Please be more specific.'],
	[404, 51, 'No records were found.'],
	[401, 60, 'Number of sessions exceeded.'],
	[401, 70, 'The logged-in user is not an administrator.'],
	[400, 90, 'The resource query limit specified in config.php has been exceeded during execution of the SOAP method.'],
	[400, 1000, 'This is an invalid call for this module. Please look at WSDL file for details.'],
	[400, 1001, 'The data sent for this function is invalid. Please look at WSDL file for details.'],
	[400, 1005, 'set_campaign_merge: Merge action status will not be updated, because, campaign_id is null or no targets were selected.'],
	[401, 1008, 'Your password has expired. Please provide a new password.'],
	[
		401,
		1009,
		'You have been locked out of the SarvCRM application and cannot log in using existing password. Please contact your Administrator.',
	],
];

describe('errorCodes table', () => {
	it('holds every row of the doc table with its HTTP status and message', () => {
		for (const [http, code, message] of DOC_TABLE) {
			const known = findErrorCode(code, http);
			expect(known).toBeDefined();
			expect(known!.httpStatus).toBe(http);
			expect(known!.message).toBe(message);
			expect(known!.hint.length).toBeGreaterThan(10);
		}
		expect(SARV_ERROR_CODES.map((e) => e.code).sort((a, b) => a - b)).toEqual(DOC_TABLE.map((r) => r[1]).sort((a, b) => a - b));
	});

	it('findErrorCode(undefined / unknown) → undefined', () => {
		expect(findErrorCode(undefined)).toBeUndefined();
		expect(findErrorCode(4242)).toBeUndefined();
	});

	it('errorCodeFromMessage: trailing dot, case, surrounding text, code name', () => {
		expect(errorCodeFromMessage('Login attempt failed please check the username and password')?.code).toBe(10);
		expect(errorCodeFromMessage('  THE SESSION ID IS INVALID  ')?.code).toBe(11);
		expect(errorCodeFromMessage('Error: No records were found. (Leads)')?.code).toBe(51);
		expect(errorCodeFromMessage('Access Denied')?.code).toBe(40);
		expect(errorCodeFromMessage('')).toBeUndefined();
		expect(errorCodeFromMessage('something else')).toBeUndefined();
	});
});

/** The kind each documented code stands for; a code decides before any HTTP status. */
function kindOfDocCode(code: number): FailureKind {
	if (code === 10 || code === 11) return 'session';
	if (code === 40) return 'access';
	if ([12, 60, 70, 1008, 1009].includes(code)) return 'account';
	if ([20, 21, 22, 51].includes(code)) return 'notFound';
	return 'request';
}

const must = (f: SarvFailure | undefined): SarvFailure => {
	expect(f).toBeDefined();
	return f!;
};

describe('classifyReply', () => {
	it('a success is undefined', () => {
		expect(classifyReply(200, { status: 200, message: '', data: [] })).toBeUndefined();
		expect(classifyReply(201, { status: 201, message: '', data: { id: 'x' } })).toBeUndefined();
		expect(classifyReply(200, JSON.stringify({ status: 200, data: [] }))).toBeUndefined();
		expect(classifyReply(200, [])).toBeUndefined();
	});

	it('an error message on a success reply does not make it a failure (refinement only)', () => {
		expect(classifyReply(200, { status: 200, message: 'No records were found.', data: [] })).toBeUndefined();
		expect(classifyReply(200, { message: 'The session ID is invalid.' })).toBeUndefined();
	});

	describe.each(DOC_TABLE)('HTTP %i, code %i', (http, code, message) => {
		it('body with code: code, message, kind from the code', () => {
			const f = must(classifyReply(http, { status: http, code, message, data: [] }));
			expect(f).toMatchObject({ httpStatus: http, code, serverMessage: message, message, kind: kindOfDocCode(code) });
			expect(f.hint).toBe(findErrorCode(code, http)!.hint);
		});
		it('body with code as a string, message elsewhere', () => {
			const f = classifyReply(http, { status: http, code: String(code), message: 'Server said no' });
			expect(f).toMatchObject({ httpStatus: http, code, serverMessage: 'Server said no', kind: kindOfDocCode(code) });
		});
		it('body with only the English message text: refined to the code', () => {
			const f = classifyReply(http, { status: http, message, data: [] });
			expect(f).toMatchObject({ httpStatus: http, code, serverMessage: message, kind: kindOfDocCode(code) });
		});
		it('body with only the message, without its final dot, as JSON text', () => {
			expect(classifyReply(http, JSON.stringify({ status: http, message: message.replace(/\.$/, '') }))?.code).toBe(code);
		});
		it('HTTP 200 with the error status in the body', () => {
			// The HTTP status stays what the wire said; the body's status is kept beside it.
			expect(classifyReply(200, { status: http, message })).toMatchObject({
				httpStatus: 200,
				bodyStatus: http,
				code,
				kind: kindOfDocCode(code),
			});
		});
		it('message as an array', () => {
			const f = must(classifyReply(http, { status: http, message: [message, 'extra detail'] }));
			expect(f.code).toBe(code);
			expect(f.serverMessage).toBe(`${message} extra detail`);
		});
		it('a body with a code but no message gets the table message', () => {
			const f = must(classifyReply(http, { status: http, code }));
			expect(f.message).toBe(message);
			expect(f.serverMessage).toBeUndefined();
		});
	});

	it('recognises "400 12 Invalid Portal Client" from its message, with its own hint', () => {
		const f = must(classifyReply(400, { status: 400, message: 'Portal Client does not have authorized access.' }));
		expect(f.code).toBe(12);
		expect(f.hint).toBe(findErrorCode(12, 400)!.hint);
		expect(f.hint).not.toBe(findErrorCode(12, 401)!.hint);
	});

	describe('kinds come from statuses and shape, never from wording', () => {
		it('403 with a Persian message and no code → access, relogin', () => {
			const f = must(classifyReply(403, { status: 403, message: 'شما به این بخش دسترسی ندارید' }));
			expect(f).toMatchObject({
				kind: 'access',
				relogin: true,
				retry: false,
				httpStatus: 403,
				serverMessage: 'شما به این بخش دسترسی ندارید',
			});
			expect(f.code).toBeUndefined();
		});

		it('HTTP 200 with body status 401 and an unknown message → session, relogin', () => {
			const f = must(classifyReply(200, { status: 401, message: 'Token expired' }));
			expect(f).toMatchObject({ kind: 'session', relogin: true, httpStatus: 200, bodyStatus: 401, serverMessage: 'Token expired' });
			expect(f.code).toBeUndefined();
		});

		it('HTTP 200 with body status 401 in Persian → session', () => {
			expect(classifyReply(200, { status: '401', message: 'نشست شما منقضی شده است' })).toMatchObject({
				kind: 'session',
				relogin: true,
				bodyStatus: 401,
			});
		});

		it('401 with a plain-text body → session, relogin, the text kept as the server words', () => {
			const f = must(classifyReply(401, 'Unauthorized'));
			expect(f).toMatchObject({
				kind: 'session',
				relogin: true,
				httpStatus: 401,
				rawText: 'Unauthorized',
				serverMessage: 'Unauthorized',
				message: 'Unauthorized',
			});
			expect(must(classifyReply(401, '<html>401</html>')).kind).toBe('session');
			expect(must(classifyReply(401, '')).kind).toBe('session');
		});

		it('403 with an HTML body → access, relogin', () => {
			expect(classifyReply(403, '<html><body>Forbidden</body></html>')).toMatchObject({ kind: 'access', relogin: true });
		});

		it.each([12, 60, 70, 1008, 1009])('code %i → account, no relogin, whatever the status', (code) => {
			for (const status of [200, 400, 401, 403]) {
				const f = must(classifyReply(status, { status, code, message: 'x' }));
				expect(f).toMatchObject({ kind: 'account', relogin: false, retry: false, code });
			}
		});

		it('codes 10/11 → session; 40 → access (relogin), even on HTTP 200 with status 200', () => {
			expect(classifyReply(200, { status: 200, code: 11 })).toMatchObject({ kind: 'session', relogin: true });
			expect(classifyReply(200, { status: 200, code: 40 })).toMatchObject({ kind: 'access', relogin: true });
		});

		it('status kinds: 404, 5xx, 3xx, 4xx', () => {
			expect(classifyReply(404, { status: 404, message: 'nope' })).toMatchObject({ kind: 'notFound', relogin: false, retry: false });
			expect(classifyReply(503, { status: 503, message: 'down' })).toMatchObject({ kind: 'server', relogin: false, retry: true });
			expect(classifyReply(302, 'moved')).toMatchObject({ kind: 'redirect', relogin: false, retry: false });
			expect(classifyReply(400, { status: 400, message: 'bad' })).toMatchObject({ kind: 'request', relogin: false, retry: false });
		});

		it('429 → rateLimit, retry, Retry-After in the hint', () => {
			const f = must(classifyReply(429, 'Too Many Requests', { 'retry-after': 30 }));
			expect(f).toMatchObject({ kind: 'rateLimit', retry: true, relogin: false, httpStatus: 429, retryAfter: '30' });
			expect(f.hint).toMatch(/rate limiting.*wait 30 s/);
			const g = must(classifyReply(429, { status: 429, message: 'Slow down' }, { 'retry-after': '5' }));
			expect(g).toMatchObject({ kind: 'rateLimit', retry: true, retryAfter: '5', serverMessage: 'Slow down', message: 'Slow down' });
			expect(g.hint).toMatch(/wait 5 s/);
			expect(must(classifyReply(429, { status: 429 })).hint).not.toMatch(/wait \d/);
		});
	});

	it('body status as a string', () => {
		expect(classifyReply(200, { status: '403', message: 'You do not have access.' })).toMatchObject({
			httpStatus: 200,
			bodyStatus: 403,
			code: 40,
			kind: 'access',
		});
	});

	it('an unknown code is kept, its kind from the status', () => {
		expect(classifyReply(400, { status: 400, code: 777, message: 'Weird' })).toMatchObject({
			code: 777,
			serverMessage: 'Weird',
			kind: 'request',
		});
		expect(classifyReply(500, { status: 500, code: 777 })).toMatchObject({ code: 777, kind: 'server', retry: true });
	});

	it('error_code / number / description keys (SugarCRM style)', () => {
		expect(classifyReply(400, { error_code: 22 })?.code).toBe(22);
		expect(classifyReply(500, { name: 'Invalid Session ID', number: 11, description: 'The session ID is invalid.' })).toMatchObject({
			code: 11,
			kind: 'session',
			serverMessage: 'The session ID is invalid.',
		});
	});

	it('missing fields from data.missing, named in the hint', () => {
		const f = must(classifyReply(400, { status: 400, code: 14, message: 'x', data: { missing: ['last_name', 'status'] } }));
		expect(f.missingFields).toEqual(['last_name', 'status']);
		expect(f.hint).toContain(findErrorCode(14)!.hint);
		expect(f.hint).toContain('Missing: last_name, status.');
	});

	it('non-JSON text containing "MySQL Error" → query, whatever the status', () => {
		const text = "MySQL Error: You have an error in your SQL syntax near 'x' at line 1";
		const f = must(classifyReply(200, text));
		expect(f).toMatchObject({ kind: 'query', httpStatus: 200, rawText: text, relogin: false, retry: false });
		expect(f.message).toBe(`SarvCRM could not run the query: ${text}`);
		expect(f.hint).toMatch(/leads\.last_name/);
		expect(f.hint).toMatch(/Filters/);
		expect(classifyReply(200, Buffer.from(text))?.rawText).toBe(text);
		expect(classifyReply(500, 'mysql error: Unknown column')?.kind).toBe('query');
	});

	it('long raw text is cut to 500 characters', () => {
		expect(classifyReply(500, 'x'.repeat(2000))?.rawText).toHaveLength(500);
	});

	it('empty body', () => {
		for (const body of ['', '   ', undefined, null]) {
			expect(classifyReply(502, body)).toMatchObject({
				kind: 'server',
				httpStatus: 502,
				rawText: '',
				message: 'SarvCRM answered HTTP 502 with an empty body',
			});
		}
		expect(classifyReply(200, '')).toMatchObject({ kind: 'notJson', message: 'SarvCRM answered HTTP 200 with an empty body' });
	});

	it('HTML page', () => {
		const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
		const f = must(classifyReply(502, html));
		expect(f).toMatchObject({ kind: 'server', rawText: html, message: 'SarvCRM answered HTTP 502 with a non-JSON body' });
		expect(f.hint).toMatch(/server had a problem/);
		const g = must(classifyReply(200, '<html>login</html>'));
		expect(g.kind).toBe('notJson');
		expect(g.hint).toMatch(/Base URL/);
	});
});

describe('classifyThrown', () => {
	const secretConfig = {
		method: 'post',
		url: 'https://app.sarvcrm.com/API.php?method=Login',
		headers: { Authorization: 'Bearer SECRET-TOKEN', 'Content-Type': 'application/json' },
		data: JSON.stringify({ utype: 'acme', user_name: 'admin', password: md5Hex('sarv-demo') }),
	};
	const noSecrets = (value: unknown) => {
		const text = JSON.stringify(value);
		expect(text).not.toContain('SECRET-TOKEN');
		expect(text).not.toContain(md5Hex('sarv-demo'));
		expect(text).not.toContain('Authorization');
		expect(text).not.toContain('sarv-demo');
	};

	it('axios-like error with response', () => {
		const error = Object.assign(new Error('Request failed with status code 401'), {
			isAxiosError: true,
			config: secretConfig,
			request: { headers: secretConfig.headers },
			response: {
				status: 401,
				data: { status: 401, message: 'The session ID is invalid.', data: [] },
				headers: { 'content-type': 'application/json' },
				config: secretConfig,
			},
		});
		const f = classifyThrown(error);
		expect(f).toMatchObject({ kind: 'session', relogin: true, httpStatus: 401, code: 11, serverMessage: 'The session ID is invalid.' });
		noSecrets(f);
	});

	it('error with cause.response (n8n wraps the axios error)', () => {
		const cause = {
			config: secretConfig,
			response: { status: 404, data: '{"status":404,"message":"No records were found."}', headers: { 'retry-after': '1' } },
		};
		const f = classifyThrown(Object.assign(new Error('wrapped'), { cause, httpCode: '404' }));
		expect(f).toMatchObject({ kind: 'notFound', httpStatus: 404, code: 51, serverMessage: 'No records were found.', retryAfter: '1' });
		noSecrets(f);
	});

	it('response with body instead of data; a success body → the status kind', () => {
		expect(classifyThrown({ response: { status: 500, body: 'MySQL Error: x' } })).toMatchObject({
			kind: 'query',
			httpStatus: 500,
			rawText: 'MySQL Error: x',
		});
		expect(classifyThrown({ response: { status: 302, data: { status: 200 } } })).toMatchObject({ kind: 'redirect', httpStatus: 302 });
	});

	it('httpCode with context data (n8n NodeApiError shape)', () => {
		expect(classifyThrown({ httpCode: '403', context: { data: { status: 403, message: 'دسترسی ندارید' } } })).toMatchObject({
			kind: 'access',
			relogin: true,
			serverMessage: 'دسترسی ندارید',
		});
		expect(classifyThrown({ httpCode: '401' })).toMatchObject({ kind: 'session', relogin: true, httpStatus: 401 });
	});

	it('network error ECONNRESET', () => {
		const f = classifyThrown(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: secretConfig }));
		expect(f).toMatchObject({
			kind: 'network',
			networkCode: 'ECONNRESET',
			retry: true,
			relogin: false,
			message: 'Could not reach SarvCRM',
		});
		expect(f.hint).toContain('ECONNRESET');
		expect(f.hint).toMatch(/Base URL/);
		noSecrets(f);
	});

	it('network code on the cause; an HTTP code wins over a socket code', () => {
		expect(classifyThrown({ cause: { code: 'ETIMEDOUT', config: secretConfig }, httpCode: null })).toMatchObject({
			kind: 'network',
			networkCode: 'ETIMEDOUT',
		});
		// The server did answer.
		const f = classifyThrown({ code: 'EPIPE', httpCode: '503' });
		expect(f).toMatchObject({ kind: 'server', httpStatus: 503 });
		expect(f.networkCode).toBeUndefined();
	});

	it('an error without code or response keeps its message and is not called a network error', () => {
		expect(classifyThrown(new Error('???'))).toMatchObject({ kind: 'request', message: '???', relogin: false, retry: false });
		expect(classifyThrown(undefined)).toMatchObject({ kind: 'request', message: 'Unknown error' });
	});

	describe('a SarvApiError, also after n8n wrapped it (preAuthentication errors reach the node that way)', () => {
		const loginFailed = () =>
			new SarvApiError(loginFailure({ message: 'SarvCRM login failed: Login attempt failed', code: 10, httpStatus: 401 }), {
				module: 'Leads',
			});
		const node: INode = { id: 'n', name: 'SarvCRM', type: 'n8n-nodes-sarvcrm.sarvCrm', typeVersion: 1, position: [0, 0], parameters: {} };
		type ErrorArg = ConstructorParameters<typeof NodeApiError>[1];

		it('directly', () => {
			const error = loginFailed();
			expect(classifyThrown(error)).toBe(error.failure);
			expect(findSarvApiError(error)).toBe(error);
		});

		// n8n's request helpers do `throw new NodeApiError(this.getNode(), error)`. n8n-workflow
		// 1.120.x keeps no Error as `cause` (the class field resets it) but takes over an
		// ExecutionBaseError's `context`: that is where the failure must survive.
		it("inside n8n's NodeApiError: the cause is gone, the failure is not", () => {
			const original = loginFailed();
			const wrapped = new NodeApiError(node, original as unknown as ErrorArg);
			expect(wrapped.cause).toBeUndefined();
			const found = findSarvApiError(wrapped);
			expect(found).toBeInstanceOf(SarvApiError);
			expect(found!.failure).toEqual(original.failure);
			expect(found!.site).toEqual({ module: 'Leads' });
			expect(classifyThrown(wrapped)).toMatchObject({ kind: 'login', code: 10, relogin: false, retry: false });
		});

		it("inside n8n's NodeOperationError, and wrapped twice", () => {
			const once = new NodeOperationError(node, loginFailed());
			expect(classifyThrown(once)).toMatchObject({ kind: 'login', code: 10 });
			const twice = new NodeApiError(node, new NodeApiError(node, loginFailed() as unknown as ErrorArg) as unknown as ErrorArg);
			expect(classifyThrown(twice)).toMatchObject({ kind: 'login', code: 10 });
		});

		it('a network login failure keeps retry through the wrapping', () => {
			const network = new SarvApiError(loginFailure({ message: 'Could not reach SarvCRM', networkCode: 'ECONNREFUSED' }));
			expect(classifyThrown(new NodeApiError(node, network as unknown as ErrorArg))).toMatchObject({ kind: 'network', retry: true });
		});

		it('the same words without a SarvApiError are not a login failure (no message comparison)', () => {
			const f = classifyThrown({ message: loginFailed().message, httpCode: '400' });
			expect(f.kind).toBe('request');
			expect(f.code).toBeUndefined();
			expect(classifyThrown(new NodeApiError(node, new Error(loginFailed().message) as unknown as ErrorArg)).kind).toBe('request');
		});

		it('the hint rides along as the description n8n shows', () => {
			expect(loginFailed().description).toMatch(/Username, Password and Instance Key/);
		});
	});
});

describe('failureOf', () => {
	it.each<[FailureKind, boolean, boolean]>([
		['session', true, false],
		['access', true, false],
		['account', false, false],
		['login', false, false],
		['request', false, false],
		['notFound', false, false],
		['rateLimit', false, true],
		['server', false, true],
		['redirect', false, false],
		['network', false, true],
		['query', false, false],
		['notJson', false, false],
	])('%s → relogin %s, retry %s, a hint', (kind, relogin, retry) => {
		const f = failureOf(kind, {});
		expect(f).toMatchObject({ kind, relogin, retry });
		expect(f.hint.length).toBeGreaterThan(20);
	});

	it('message: given, else the server words, else the code message, else the status', () => {
		expect(failureOf('request', { message: 'm', serverMessage: 's' }).message).toBe('m');
		expect(failureOf('request', { serverMessage: 's' }).message).toBe('s');
		expect(failureOf('access', {}, findErrorCode(40)).message).toBe('You do not have access.');
		expect(failureOf('server', { httpStatus: 500 }).message).toBe('SarvCRM answered HTTP 500');
		expect(failureOf('server', {}).message).toBe('SarvCRM answered HTTP ?');
	});

	it('hint: given, else the code hint, else the kind hint', () => {
		expect(failureOf('request', { hint: 'h' }).hint).toBe('h');
		expect(failureOf('notFound', {}, findErrorCode(22)).hint).toBe(findErrorCode(22)!.hint);
		expect(failureOf('server', {}).hint).toBe('The SarvCRM server had a problem; retry later (enable "Retry On Fail" on the node).');
	});
});

describe('loginFailure', () => {
	it('a wrong credential → login, no relogin, no retry, the credential hint', () => {
		const f = loginFailure({ message: 'SarvCRM login failed: x', code: 10, httpStatus: 401 });
		expect(f).toMatchObject({ kind: 'login', relogin: false, retry: false, code: 10, httpStatus: 401, message: 'SarvCRM login failed: x' });
		expect(f.hint).toMatch(/Username, Password and Instance Key/);
		expect(loginFailure({ message: 'no code' })).toMatchObject({ kind: 'login', relogin: false });
	});

	it.each([12, 60, 70, 1008, 1009])('code %i → account, with the code hint', (code) => {
		const f = loginFailure({ message: 'x', code, httpStatus: 401 });
		expect(f).toMatchObject({ kind: 'account', relogin: false, retry: false });
		expect(f.hint).toBe(findErrorCode(code, 401)!.hint);
	});

	it('unreachable → network, retry; a given hint is kept', () => {
		expect(loginFailure({ message: 'x', networkCode: 'ECONNREFUSED', hint: 'Check the Base URL' })).toMatchObject({
			kind: 'network',
			retry: true,
			relogin: false,
			hint: 'Check the Base URL',
		});
	});
});

describe('afterRenewal', () => {
	it('a failure a login cannot help is returned as it is', () => {
		const f = must(classifyReply(400, { status: 400, code: 14 }));
		expect(afterRenewal(f)).toBe(f);
	});

	it('session: says the server refused the session even after a new login, with its words', () => {
		const f = afterRenewal(must(classifyReply(200, { status: 401, message: 'نشست نامعتبر' })));
		expect(f).toMatchObject({ kind: 'session', relogin: false, bodyStatus: 401 });
		expect(f.message).toBe('SarvCRM refused the session even after a new login: نشست نامعتبر');
		expect(f.hint).toMatch(/press Test/);
	});

	it('access: says access was denied, with the raw text when there is no message', () => {
		const f = afterRenewal(must(classifyReply(403, 'Forbidden')));
		expect(f).toMatchObject({ kind: 'access', relogin: false });
		expect(f.message).toBe('SarvCRM denied access even after a new login: Forbidden');
		expect(f.hint).toMatch(/ask your SarvCRM admin/);
		expect(afterRenewal(failureOf('access', { httpStatus: 403 })).message).toBe('SarvCRM denied access even after a new login');
	});
});
