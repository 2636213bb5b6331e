import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { errorCodeFromMessage, findErrorCode } from './errorCodes';
import { messageText, parseMaybeJson } from './session';

/** Where a failure happened, so the message can name the operation, module and record. */
export interface SarvErrorContext {
	operation: string;
	module?: string;
	recordId?: string;
	itemIndex?: number;
}

/** What went wrong, reduced to data that is safe to show (no request, no headers, no token). */
export interface SarvFailure {
	/** Status of the HTTP reply */
	httpStatus?: number;
	/** `status` inside the reply body, when it reports an error the HTTP status does not */
	bodyStatus?: number;
	code?: number;
	serverMessage?: string;
	/** Text of a reply that was not JSON (e.g. the server's "MySQL Error ...") */
	rawText?: string;
	/** Network-level error code such as ECONNRESET */
	networkCode?: string;
	retryAfter?: string;
	missingFields?: string[];
	/** What to do, when it is known better than the code's generic hint (e.g. a failed login) */
	hint?: string;
}

const WRITE_OPERATIONS = new Set(['create', 'update', 'delete', 'upsert', 'linkRelated']);

/** A session that the server no longer accepts, however it says so. */
export function isSessionFailure(failure: SarvFailure): boolean {
	if (failure.code === 11) return true;
	if (failure.code !== undefined) return false;
	return (failure.httpStatus === 401 || failure.bodyStatus === 401) && !failure.rawText;
}

/** Reads a SarvCRM reply (status + body) into a failure, or undefined when it is a success. */
export function failureFromReply(httpStatus: number | undefined, rawBody: unknown, headers?: Record<string, unknown>): SarvFailure | undefined {
	const body = parseMaybeJson(rawBody);
	const retryAfter = headers?.['retry-after'] !== undefined ? String(headers['retry-after']) : undefined;
	if (!body) {
		const text = Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : typeof rawBody === 'string' ? rawBody : '';
		return { httpStatus, rawText: text.trim().slice(0, 500), retryAfter };
	}
	const statusInBody = Number(body.status);
	const bodyStatus = Number.isFinite(statusInBody) && statusInBody >= 400 && statusInBody !== httpStatus ? statusInBody : undefined;
	const effectiveStatus = bodyStatus ?? httpStatus;
	const rawCode = body.code ?? body.error_code ?? body.number;
	const numericCode = rawCode === undefined || rawCode === null || rawCode === '' ? undefined : Number(rawCode);
	if ((effectiveStatus ?? 200) < 400 && numericCode === undefined) return undefined;
	const serverMessage = messageText(body.message ?? body.description ?? body.name);
	const byMessage = serverMessage ? errorCodeFromMessage(serverMessage) : undefined;
	const known =
		(byMessage && (numericCode === undefined || byMessage.code === numericCode) ? byMessage : undefined) ??
		findErrorCode(numericCode, effectiveStatus);
	const failure: SarvFailure = { httpStatus, code: known?.code ?? (Number.isFinite(numericCode) ? numericCode : undefined) };
	const data = body.data as JsonObject | undefined;
	const missing = data && !Array.isArray(data) && Array.isArray(data.missing) ? (data.missing as string[]) : undefined;
	if (bodyStatus !== undefined) failure.bodyStatus = bodyStatus;
	failure.serverMessage = serverMessage || known?.message;
	if (retryAfter !== undefined) failure.retryAfter = retryAfter;
	if (missing) failure.missingFields = missing;
	return failure;
}

type ThrownError = {
	message?: string;
	cause?: unknown;
	httpCode?: string | null;
	code?: unknown;
	context?: { data?: unknown };
	response?: { status?: number; data?: unknown; body?: unknown; headers?: Record<string, unknown> };
};

/**
 * An error thrown by n8n's request helpers, reduced to a failure without its request
 * config. n8n's NodeApiError keeps only the HTTP code and a JSON body (context.data);
 * a raw axios-like error keeps its response.
 */
export function failureFromThrown(
	error: unknown,
	loginFailure?: { message: string; code?: number; httpStatus?: number; hint: string },
): SarvFailure {
	const e = (error ?? {}) as ThrownError;
	if (loginFailure && e.message === loginFailure.message) {
		return { code: loginFailure.code, httpStatus: loginFailure.httpStatus, serverMessage: loginFailure.message, hint: loginFailure.hint };
	}
	const cause = (e.cause && typeof e.cause === 'object' ? e.cause : {}) as ThrownError;
	const response = e.response ?? cause.response;
	if (response) {
		return failureFromReply(response.status, response.data ?? response.body, response.headers) ?? { httpStatus: response.status };
	}
	const status = Number(e.httpCode);
	if (Number.isInteger(status) && status >= 100 && status < 600) {
		const data = e.context?.data;
		return (data && typeof data === 'object' ? failureFromReply(status, data) : undefined) ?? { httpStatus: status };
	}
	const code = [e.httpCode, e.code, cause.code].find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	if (code) return { networkCode: code };
	return { serverMessage: e.message || 'Unknown error' };
}

function where(context: SarvErrorContext): string {
	const parts = [`operation "${context.operation}"`];
	if (context.module) parts.push(`module ${context.module}`);
	if (context.recordId) parts.push(`record ${context.recordId}`);
	return parts.join(', ');
}

/** Message and hint for a failure: the server's own words first, then what to do. */
export function describeFailure(failure: SarvFailure, context: SarvErrorContext): { message: string; hint: string } {
	const known =
		(failure.serverMessage ? errorCodeFromMessage(failure.serverMessage) : undefined) ??
		findErrorCode(failure.code, failure.bodyStatus ?? failure.httpStatus);
	if (failure.networkCode) {
		const writeNote = WRITE_OPERATIONS.has(context.operation)
			? ' The request may have reached SarvCRM before the connection broke, and SarvCRM has no idempotency key: retrying a Create can make a duplicate record. Check first, or use "Create or Update" to retry safely.'
			: '';
		// The code goes into the hint: n8n replaces a message that names it with generic text.
		return {
			message: 'Could not reach SarvCRM',
			hint: `${failure.networkCode}: check the Base URL and that the server is up; enable "Retry On Fail" for passing network errors.${writeNote}`,
		};
	}
	if (failure.rawText !== undefined) {
		if (/mysql error/i.test(failure.rawText)) {
			return {
				message: `SarvCRM could not run the query: ${failure.rawText.slice(0, 200)}`,
				hint: 'The Query option is not valid SQL for SarvCRM: columns must be qualified with the module\'s table (e.g. leads.last_name) and strings single-quoted. The Filters option builds a safe query for you.',
			};
		}
		const status = failure.httpStatus ? `HTTP ${failure.httpStatus}` : 'a reply';
		const kind = failure.rawText ? 'a non-JSON body' : 'an empty body';
		return {
			message: `SarvCRM answered ${status} with ${kind}`,
			hint: serverTrouble(failure),
		};
	}
	const message = failure.serverMessage || known?.message || `SarvCRM answered HTTP ${failure.httpStatus ?? '?'}`;
	if (failure.hint) return { message, hint: failure.hint };
	if (known) {
		const missing = failure.missingFields?.length ? ` Missing: ${failure.missingFields.join(', ')}.` : '';
		return { message, hint: `${known.hint}${missing}` };
	}
	return { message, hint: serverTrouble(failure) };
}

function serverTrouble(failure: SarvFailure): string {
	if (failure.httpStatus === 429) {
		const wait = failure.retryAfter ? ` The server asks to wait ${failure.retryAfter} s.` : '';
		return `SarvCRM is rate limiting: lower "Max Parallel Requests" or enable "Retry On Fail" with a wait.${wait}`;
	}
	if (failure.httpStatus && failure.httpStatus >= 300 && failure.httpStatus < 400) {
		return 'SarvCRM redirected the request; the node does not follow redirects (they would carry the token elsewhere). Set the Base URL to the final address, e.g. with https://.';
	}
	if (failure.httpStatus && failure.httpStatus >= 500) {
		return 'The SarvCRM server had a problem; retry later (enable "Retry On Fail" on the node).';
	}
	return 'Check the Base URL of the credential and the node\'s parameters.';
}

/** The NodeApiError a user sees: server message, code, HTTP status and what to do. */
export function sarvApiError(node: INode, failure: SarvFailure, context: SarvErrorContext): NodeApiError {
	const { message, hint } = describeFailure(failure, context);
	const codeText = failure.code !== undefined ? `SarvCRM error code ${failure.code}` : undefined;
	const status = [
		failure.httpStatus ? `HTTP ${failure.httpStatus}` : undefined,
		failure.bodyStatus ? `status ${failure.bodyStatus} in the reply` : undefined,
	]
		.filter(Boolean)
		.join(', ');
	const facts = [codeText, status].filter(Boolean).join(', ');
	const description = `${hint}${facts ? ` (${facts}; ${where(context)})` : ` (${where(context)})`}`;
	// A clean object as the error response: the original error holds the request, headers included.
	const response: JsonObject = {
		message,
		sarvErrorCode: failure.code ?? null,
		httpStatus: failure.httpStatus ?? null,
		operation: context.operation,
		module: context.module ?? null,
		recordId: context.recordId ?? null,
	};
	const error = new NodeApiError(node, response, {
		message,
		description,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex: context.itemIndex,
	});
	return error;
}
