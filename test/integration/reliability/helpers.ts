/**
 * Shared pieces of the reliability suite: node parameters for Leads, the
 * fault matrix, a spy on the tokens the sandbox issues, a test-side "drop after the
 * server committed" switch, and a scanner for secrets in everything a run produced.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Harness, RunResult } from '../../harness';
import type { Fault, SarvCrmSandbox } from '../../sandbox/server';

export const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export type FieldPairs = Record<string, unknown>;

/** A list-mode `fields` parameter from name → value pairs (values kept as given). */
export function fieldList(pairs: FieldPairs): INodeParameters {
	return { field: Object.entries(pairs).map(([name, value]) => ({ name, value })) } as INodeParameters;
}

export function createLead(pairs: FieldPairs, options: IDataObject = {}): INodeParameters {
	return { resource: 'Leads', operation: 'create', fieldsInput: 'list', fields: fieldList(pairs), options } as INodeParameters;
}

export function getLead(recordId: string, options: IDataObject = {}): INodeParameters {
	return { resource: 'Leads', operation: 'get', recordId, options } as INodeParameters;
}

export function filterLeads(
	conditions: Array<{ field: string; operator: string; value?: unknown }>,
	options: IDataObject = {},
): INodeParameters {
	return {
		resource: 'Leads',
		operation: 'getAll',
		returnAll: true,
		filters: { conditions },
		combineFilters: 'AND',
		options,
	} as INodeParameters;
}

/** Fault switches of the sandbox, with what the user should read for each. */
export interface FaultCase {
	name: string;
	fault: Fault;
	message: RegExp;
	description: RegExp;
}

export const FAULT_CASES: FaultCase[] = [
	{ name: 'HTTP 500', fault: { type: 'status', status: 500 }, message: /./, description: /server had a problem.*Retry On Fail.*HTTP 500/ },
	{ name: 'HTTP 502', fault: { type: 'status', status: 502 }, message: /./, description: /server had a problem.*Retry On Fail.*HTTP 502/ },
	{ name: 'HTTP 503', fault: { type: 'status', status: 503 }, message: /./, description: /server had a problem.*Retry On Fail.*HTTP 503/ },
	{
		name: 'HTTP 429 with Retry-After',
		fault: { type: 'status', status: 429, headers: { 'Retry-After': '7' } },
		message: /./,
		description: /rate limiting.*Max Parallel Requests.*HTTP 429/,
	},
	{
		name: 'HTTP 429 without Retry-After',
		fault: { type: 'status', status: 429 },
		message: /./,
		description: /rate limiting.*Retry On Fail.*HTTP 429/,
	},
	{ name: 'dropped connection', fault: { type: 'drop' }, message: /^Could not reach SarvCRM$/, description: /ECONNRESET.*Retry On Fail/ },
	{
		name: 'non-JSON body',
		fault: { type: 'nonJson' },
		message: /^SarvCRM answered HTTP 200 with a non-JSON body$/,
		description: /Base URL/,
	},
	{ name: 'empty body', fault: { type: 'empty' }, message: /^SarvCRM answered HTTP 200 with an empty body$/, description: /Base URL/ },
	{
		name: 'HTML error page (502)',
		fault: { type: 'html', status: 502 },
		message: /^SarvCRM answered HTTP 502/,
		description: /server had a problem.*HTTP 502/,
	},
	{
		name: 'HTML error page (504)',
		fault: { type: 'html', status: 504 },
		message: /^SarvCRM answered HTTP 504/,
		description: /server had a problem.*HTTP 504/,
	},
];

/** Makes only the next matching call consume no fault: `skipThenFail(sb, 1, f, 'Save')` fails the 2nd Save. */
export function skipThenFail(sandbox: SarvCrmSandbox, skip: number, fault: Fault, method: string): void {
	if (skip > 0) sandbox.failNext(skip, { type: 'delay', ms: 0 }, method);
	sandbox.failNext(1, fault, method);
}

/**
 * The worst network failure for a write: the server commits it, then the connection
 * breaks before the reply arrives. The sandbox's `drop` fault drops *before* handling,
 * so this wraps the running sandbox's request handler (a real socket destroy, no mock)
 * for the next `count` calls of `method`.
 */
export function dropAfterCommit(sandbox: SarvCrmSandbox, method: string, count = 1): void {
	type ApiRequest = (req: IncomingMessage, url: URL, raw: string, res: ServerResponse, started: number) => Promise<void>;
	const target = sandbox as unknown as { apiRequest: ApiRequest };
	const original = target.apiRequest;
	let remaining = count;
	target.apiRequest = async function (this: unknown, req, url, raw, res, started) {
		if (remaining > 0 && (url.searchParams.get('method') ?? '').toLowerCase() === method.toLowerCase()) {
			remaining -= 1;
			if (remaining === 0) target.apiRequest = original;
			// The handler runs in full (the write is committed); only the reply never leaves.
			res.writeHead = (() => res) as typeof res.writeHead;
			res.end = (() => {
				res.socket?.destroy();
				return res;
			}) as typeof res.end;
		}
		return await original.call(this, req, url, raw, res, started);
	};
}

/** Every token the sandbox hands out from now on (a spy on its real session table). */
export function recordIssuedTokens(sandbox: SarvCrmSandbox): string[] {
	const issued: string[] = [];
	const sessions = (
		sandbox as unknown as { sessions: { login: (body: Record<string, unknown>) => { ok: unknown; session?: { token: string } } } }
	).sessions;
	const original = sessions.login.bind(sessions);
	sessions.login = (body) => {
		const result = original(body);
		if (result.ok === true && result.session) issued.push(result.session.token);
		return result;
	};
	return issued;
}

/** JSON of anything, cycles cut, Errors with their own (non-enumerable) message and stack. */
export function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, v: unknown) => {
		if (typeof v === 'bigint') return String(v);
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[cycle]';
			seen.add(v);
			if (v instanceof Error) {
				return {
					...(v as unknown as IDataObject),
					name: v.name,
					message: v.message,
					stack: v.stack,
					cause: (v as { cause?: unknown }).cause,
				};
			}
		}
		return v;
	});
}

/** What a user or a log can see of a run: the execution error, node errors, every output item. */
export function visibleText(result: RunResult): string[] {
	const err = result.error as (Error & { description?: string }) | undefined;
	const out = [err?.message ?? '', err?.description ?? '', serialize(err), serialize(result.run)];
	return out;
}

/** Runs and asserts the execution failed; returns the error (message + description). */
export async function runExpectingError(h: Harness, parameters: INodeParameters, items?: IDataObject[]) {
	const result = await h.runNode(parameters, items);
	expect(result.status).toBe('error');
	const error = result.error as (Error & { description?: string; name: string }) | undefined;
	expect(error).toBeDefined();
	return { result, message: error?.message ?? '', description: error?.description ?? '', error: error! };
}

/** Log methods of the sandbox, e.g. ['GetModuleFields', 'Save']. */
export const methodsOf = (sandbox: SarvCrmSandbox) => sandbox.log.map((e) => e.method);
