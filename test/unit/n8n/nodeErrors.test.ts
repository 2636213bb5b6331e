import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { findErrorCode } from '../../../nodes/core/errorCodes';
import { SarvApiError, SarvInputError } from '../../../nodes/core/errors';
import { classifyReply, classifyThrown, failureOf, loginFailure } from '../../../nodes/core/failure';
import { md5Hex } from '../../../nodes/core/login';
import { toNodeError } from '../../../nodes/n8n/nodeErrors';

const node: INode = {
	id: 'node-1',
	name: 'SarvCRM',
	type: 'n8n-nodes-sarvcrm.sarvCrm',
	typeVersion: 1,
	position: [0, 0],
	parameters: { resource: 'Leads', operation: 'create' },
	credentials: { sarvCrmApi: { id: 'cred-1', name: 'SarvCRM account' } },
};

/** An error as a request helper throws it: request config, headers and login body included. */
const secretError = () =>
	Object.assign(new Error('Request failed with status code 400'), {
		config: {
			headers: { Authorization: 'Bearer SECRET-TOKEN' },
			data: JSON.stringify({ user_name: 'admin', password: md5Hex('sarv-demo') }),
		},
		response: {
			status: 400,
			headers: { 'set-cookie': 'PHPSESSID=SECRET-TOKEN' },
			config: { headers: { Authorization: 'Bearer SECRET-TOKEN' } },
			data: { status: 400, code: 14, message: 'Please fill out the required fields and try again.', data: { missing: ['last_name'] } },
		},
	});

const apiError = (error: unknown, operation: string, itemIndex?: number, writes = false) => {
	const result = toNodeError(node, error, { operation, itemIndex, writes });
	expect(result).toBeInstanceOf(NodeApiError);
	return result as NodeApiError;
};

describe('toNodeError: SarvApiError → NodeApiError', () => {
	const sarv = () => new SarvApiError(classifyThrown(secretError()), { module: 'Leads', recordId: 'rec-42' });

	it("message is the server's; description has hint, code, status, operation, module, record", () => {
		const error = apiError(sarv(), 'create', 3);
		expect(error.message).toBe('Please fill out the required fields and try again.');
		expect(error.description).toContain(findErrorCode(14)!.hint);
		expect(error.description).toContain('Missing: last_name.');
		expect(error.description).toContain('SarvCRM error code 14');
		expect(error.description).toContain('HTTP 400');
		expect(error.description).toContain('operation "create"');
		expect(error.description).toContain('module Leads');
		expect(error.description).toContain('record rec-42');
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(3);
	});

	it('JSON of the error, its cause and errorResponse hold no token, password or MD5', () => {
		const error = apiError(sarv(), 'create', 3);
		const serialized = [
			JSON.stringify(error),
			JSON.stringify(error.cause ?? null),
			JSON.stringify(error.errorResponse ?? null),
			JSON.stringify({ ...error }),
			String(error.stack),
			error.message,
			String(error.description),
		].join('\n');
		expect(serialized).not.toContain('SECRET-TOKEN');
		expect(serialized).not.toContain(md5Hex('sarv-demo'));
		expect(serialized).not.toContain('sarv-demo');
		expect(serialized).not.toContain('Authorization');
		expect(serialized).not.toMatch(/password/i);
		expect(error.errorResponse).toEqual({
			message: 'Please fill out the required fields and try again.',
			sarvErrorCode: 14,
			httpStatus: 400,
			kind: 'request',
			operation: 'create',
			module: 'Leads',
			recordId: 'rec-42',
		});
	});

	it('body status beside HTTP 200 is named', () => {
		const error = apiError(new SarvApiError(classifyReply(200, { status: 403, message: 'دسترسی ندارید' })!, { module: 'Leads' }), 'get');
		expect(error.message).toBe('دسترسی ندارید');
		expect(error.description).toContain('HTTP 200, status 403 in the reply');
	});

	it.each(['create', 'update', 'delete', 'upsert', 'linkRelated'])(
		'network failure on the write "%s" carries the duplicate warning',
		(operation) => {
			const err = Object.assign(new Error('socket hang up'), {
				code: 'ECONNRESET',
				config: { headers: { Authorization: 'Bearer SECRET-TOKEN' } },
			});
			const error = apiError(new SarvApiError(classifyThrown(err), { module: 'Leads' }), operation, undefined, true);
			expect(error.description).toMatch(/idempotency/);
			expect(error.description).toMatch(/Create or Update/);
			expect(error.description).toContain(`(operation "${operation}", module Leads)`);
			// The code stays out of the message: n8n would replace such a message with generic text.
			expect(error.message).toBe('Could not reach SarvCRM');
			expect(error.description).toContain('ECONNRESET');
			expect(JSON.stringify(error)).not.toContain('SECRET-TOKEN');
		},
	);

	it.each(['get', 'getAll', 'getFields'])('network failure on the read "%s" does not', (operation) => {
		const error = apiError(new SarvApiError(classifyThrown({ code: 'ETIMEDOUT' })), operation);
		expect(error.description).toMatch(/Base URL/);
		expect(error.description).not.toMatch(/Create or Update|idempotency/);
	});

	it('a run stopped after writes says how many items stay written', () => {
		const failure = new SarvApiError(classifyReply(503, 'down')!);
		expect(toNodeError(node, failure, { operation: 'create', writes: true, itemIndex: 4, written: 3 }).description).toMatch(
			/3 other items were written and stay written/,
		);
		expect(toNodeError(node, failure, { operation: 'create', writes: true, itemIndex: 1, written: 1 }).description).toMatch(
			/1 other item was written/,
		);
		expect(toNodeError(node, failure, { operation: 'create', writes: true, itemIndex: 0, written: 0 }).description).not.toMatch(
			/stay written/,
		);
		const tally = toNodeError(node, failure, {
			operation: 'create',
			writes: true,
			itemIndex: 40,
			written: 217,
			failed: 5,
			skipped: 2,
			notSent: 78,
			rerun: 'Running again writes each row once.',
		}).description;
		expect(tally).toContain(
			'The run stopped here: 217 other items were written and stay written (SarvCRM has no transactions); 5 items failed, this one included (2 skipped by SarvCRM); 78 items were not sent. Running again writes each row once.',
		);
	});

	it('a non-network failure on a write has no duplicate warning', () => {
		const error = apiError(new SarvApiError(classifyReply(503, 'down')!), 'create');
		expect(error.description).not.toMatch(/idempotency/);
		expect(error.httpCode).toBe('503');
	});

	it('MySQL error: message and query hint', () => {
		const error = apiError(new SarvApiError(classifyReply(200, 'MySQL Error: syntax error near ;')!, { module: 'Leads' }), 'getAll');
		expect(error.message).toBe('SarvCRM could not run the query: MySQL Error: syntax error near ;');
		expect(error.description).toMatch(/qualified with the module's table/);
		expect(error.description).toContain('HTTP 200');
	});

	it('without code or status the description still names the operation', () => {
		const error = apiError(new SarvApiError(failureOf('request', { message: 'Odd' })), 'get');
		expect(error.message).toBe('Odd');
		expect(error.description).toMatch(/\(operation "get"\)$/);
	});

	it('a login failure keeps its hint and never shows the password or MD5', () => {
		const error = apiError(
			new SarvApiError(loginFailure({ message: 'SarvCRM login failed: Login attempt failed', code: 10, httpStatus: 401 })),
			'get',
		);
		expect(error.description).toMatch(/Username, Password and Instance Key/);
		expect(JSON.stringify(error)).not.toContain(md5Hex('sarv-demo'));
	});

	it('a SarvApiError n8n wrapped in its NodeApiError is used (failure and site)', () => {
		const inner = new SarvApiError(classifyReply(404, { status: 404, code: 51 })!, { module: 'Leads', recordId: 'x' });
		const error = apiError(new NodeApiError(node, inner as unknown as ConstructorParameters<typeof NodeApiError>[1]), 'get');
		expect(error.message).toBe('No records were found.');
		expect(error.description).toContain('record x');
	});
});

describe('toNodeError: other errors', () => {
	it('SarvInputError → NodeOperationError with the hint as description', () => {
		const result = toNodeError(node, new SarvInputError('Field "x" does not exist', 'x', 'Pick the field from the list'), {
			operation: 'create',
			itemIndex: 2,
		});
		expect(result).toBeInstanceOf(NodeOperationError);
		expect(result).not.toBeInstanceOf(NodeApiError);
		expect(result.message).toBe('Field "x" does not exist');
		expect(result.description).toBe('Pick the field from the list');
		expect(result.context.itemIndex).toBe(2);
	});

	it("n8n's own errors pass through, with the item index added", () => {
		const own = new NodeOperationError(node, 'own');
		const result = toNodeError(node, own, { operation: 'get', itemIndex: 5 });
		expect(result).toBe(own);
		expect(result.context.itemIndex).toBe(5);
	});

	it('anything else → NodeOperationError with its message', () => {
		const result = toNodeError(node, new Error('boom'), { operation: 'get', itemIndex: 1 });
		expect(result).toBeInstanceOf(NodeOperationError);
		expect(result.message).toBe('boom');
		expect(result.context.itemIndex).toBe(1);
	});
});
