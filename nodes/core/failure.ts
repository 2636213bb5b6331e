import type { IDataObject } from 'n8n-workflow';

import { errorCodeFromMessage, findErrorCode, type SarvErrorCode } from './errorCodes';
import { SarvApiError, type SarvCallSite } from './errors';
import { bodyText, messageText, parseMaybeJson } from './replies';

/**
 * What kind of trouble a reply is, decided from the HTTP status, the `status` inside the
 * body and the reply's shape, never from the wording (servers answer in English or Persian).
 */
export type FailureKind =
	| 'session' // the token is no longer accepted
	| 'access' // the user may not do this
	| 'account' // the user cannot work at all (sessions exceeded, password expired, locked out, ...)
	| 'login' // the Login call itself failed
	| 'request' // the call or its data is not valid
	| 'notFound'
	| 'rateLimit'
	| 'server'
	| 'redirect'
	| 'network'
	| 'query' // the WHERE fragment did not run ("MySQL Error ...")
	| 'notJson';

/** One failed call, reduced to data that is safe to show (no request, no headers, no token). */
export interface SarvFailure {
	kind: FailureKind;
	/** The server's own words when it gave any, in its language; else ours */
	message: string;
	/** What to do */
	hint: string;
	/** A new session may help: log in again once and retry */
	relogin: boolean;
	/** The same call may succeed later (outage, rate limit) */
	retry: boolean;
	httpStatus?: number;
	/** `status` inside the body, when it reports an error the HTTP status does not */
	bodyStatus?: number;
	code?: number;
	serverMessage?: string;
	/** Start of a reply that was not JSON */
	rawText?: string;
	networkCode?: string;
	retryAfter?: string;
	missingFields?: string[];
}

/** Codes after which a new login cannot help (and may make things worse, e.g. 60). */
const ACCOUNT_CODES = new Set([12, 60, 70, 1008, 1009]);
const NOT_FOUND_CODES = new Set([20, 21, 22, 51]);

function kindOfCode(code: number): FailureKind | undefined {
	if (code === 10 || code === 11) return 'session';
	if (code === 40) return 'access';
	if (ACCOUNT_CODES.has(code)) return 'account';
	if (NOT_FOUND_CODES.has(code)) return 'notFound';
	return findErrorCode(code) ? 'request' : undefined;
}

function kindOfStatus(status: number | undefined): FailureKind {
	if (status === 401) return 'session';
	if (status === 403) return 'access';
	if (status === 404) return 'notFound';
	if (status === 429) return 'rateLimit';
	if (status !== undefined && status >= 500) return 'server';
	if (status !== undefined && status >= 300 && status < 400) return 'redirect';
	return 'request';
}

const KIND_HINTS: Record<FailureKind, string> = {
	session: 'SarvCRM no longer accepts the session, and a new login did not help; open the credential and press Test.',
	access: 'The SarvCRM user of this credential may not do this; ask your SarvCRM admin for access to this module or record.',
	account: 'This SarvCRM user cannot work right now (see the message); fix it in SarvCRM, then retry.',
	login: 'Check the Username, Password and Instance Key (utype) of the SarvCRM credential.',
	request: "SarvCRM did not accept the call or its data; check the node's parameters and field values.",
	notFound: 'The record or module does not exist (or was deleted); check the Record ID and the Resource.',
	rateLimit: 'SarvCRM is rate limiting: lower "Max Parallel Requests" or enable "Retry On Fail" with a wait.',
	server: 'The SarvCRM server had a problem; retry later (enable "Retry On Fail" on the node).',
	redirect:
		'SarvCRM redirected the request; the node does not follow redirects (they would carry the token elsewhere). Set the Base URL to the final address, e.g. with https://.',
	network: 'Check the Base URL and that the server is up; enable "Retry On Fail" for passing network errors.',
	query:
		"The query is not valid SQL for SarvCRM: columns must be qualified with the module's table (e.g. leads.last_name) and strings single-quoted. The Filters option builds a safe query for you.",
	notJson: 'The Base URL does not answer like a SarvCRM API (it must end in API.php), or the server had a PHP error.',
};

function hintFor(kind: FailureKind, known: SarvErrorCode | undefined, retryAfter?: string): string {
	if (kind === 'rateLimit') return `${KIND_HINTS.rateLimit}${retryAfter ? ` The server asks to wait ${retryAfter} s.` : ''}`;
	return known?.hint ?? KIND_HINTS[kind];
}

/** A failure of the given kind; message and hint default to the code's, then the kind's. */
export function failureOf(
	kind: FailureKind,
	fields: Omit<SarvFailure, 'kind' | 'relogin' | 'retry' | 'hint' | 'message'> & { message?: string; hint?: string },
	known?: SarvErrorCode,
): SarvFailure {
	const { message, hint, ...rest } = fields;
	return {
		kind,
		message: message ?? rest.serverMessage ?? known?.message ?? `SarvCRM answered HTTP ${rest.httpStatus ?? '?'}`,
		hint: hint ?? hintFor(kind, known, rest.retryAfter),
		relogin: kind === 'session' || kind === 'access',
		retry: kind === 'rateLimit' || kind === 'server' || kind === 'network',
		...rest,
	};
}

type FailureFields = Parameters<typeof failureOf>[1];

/**
 * The one way a SarvApiError is made: from a failure classified here, or from a kind and
 * what is known (a code brings the spec's message and hint). Where it happened rides along.
 */
export function sarvError(kindOrFailure: FailureKind | SarvFailure, fields: FailureFields = {}, site: SarvCallSite = {}): SarvApiError {
	if (typeof kindOrFailure !== 'string') return new SarvApiError(kindOrFailure, site);
	const known = fields.code !== undefined ? findErrorCode(fields.code, fields.httpStatus) : undefined;
	return new SarvApiError(failureOf(kindOrFailure, fields, known), site);
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return value === undefined || value === null ? undefined : String(value);
}

/** A SarvCRM reply as a failure, or undefined when it is a success. */
export function classifyReply(
	httpStatus: number | undefined,
	rawBody: unknown,
	headers?: Record<string, unknown>,
): SarvFailure | undefined {
	const retryAfter = headerValue(headers, 'retry-after');
	const body = parseMaybeJson(rawBody);
	if (!body) return classifyText(httpStatus, bodyText(rawBody).trim(), retryAfter);

	const statusInBody = Number(body.status);
	const bodyStatus = Number.isFinite(statusInBody) && statusInBody >= 400 && statusInBody !== httpStatus ? statusInBody : undefined;
	const status = bodyStatus ?? httpStatus;
	const rawCode = body.code ?? body.error_code ?? body.number;
	const bodyCode = rawCode === undefined || rawCode === null || rawCode === '' ? undefined : Number(rawCode);
	// A success may carry a harmless code (0); only a number that names an error makes it a failure.
	if ((status ?? 200) < 400 && (bodyCode === undefined || bodyCode === 0 || !Number.isFinite(bodyCode))) return undefined;

	const serverMessage = messageText(body.message ?? body.description) || undefined;
	// The code when the body carries one; an English message may name it too (a refinement only).
	const byMessage = bodyCode === undefined && serverMessage ? errorCodeFromMessage(serverMessage) : undefined;
	const code = Number.isFinite(bodyCode) ? bodyCode : byMessage?.code;
	const known = code !== undefined ? findErrorCode(code, status) : undefined;
	const kind = (code !== undefined ? kindOfCode(code) : undefined) ?? kindOfStatus(status);
	const data = body.data as IDataObject | undefined;
	const missing = data && !Array.isArray(data) && Array.isArray(data.missing) ? (data.missing as string[]) : undefined;
	return failureOf(
		kind,
		{
			httpStatus,
			...(bodyStatus !== undefined ? { bodyStatus } : {}),
			...(code !== undefined ? { code } : {}),
			...(serverMessage ? { serverMessage } : {}),
			...(retryAfter !== undefined ? { retryAfter } : {}),
			...(missing ? { missingFields: missing } : {}),
			...(missing?.length && known ? { hint: `${known.hint} Missing: ${missing.join(', ')}.` } : {}),
		},
		known,
	);
}

/** A reply that is not JSON: an error page, plain text, or the server's "MySQL Error". */
function classifyText(httpStatus: number | undefined, text: string, retryAfter?: string): SarvFailure {
	const rawText = text.slice(0, 500);
	if (/mysql error/i.test(text)) {
		return failureOf('query', { httpStatus, rawText, message: `SarvCRM could not run the query: ${text.slice(0, 200)}` });
	}
	const status = httpStatus ?? 200;
	if (status >= 300) {
		const kind = kindOfStatus(status);
		const shown = kind === 'session' || kind === 'access' ? rawText.slice(0, 200) : undefined;
		return failureOf(kind, {
			httpStatus,
			rawText,
			...(shown ? { serverMessage: shown } : {}),
			...(retryAfter !== undefined ? { retryAfter } : {}),
			message: shown || `SarvCRM answered HTTP ${status} with ${text ? 'a non-JSON body' : 'an empty body'}`,
		});
	}
	return failureOf('notJson', {
		httpStatus,
		rawText,
		message: `SarvCRM answered HTTP ${status} with ${text ? 'a non-JSON body' : 'an empty body'}`,
	});
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
 * An error thrown on the way (n8n's request helpers, a failed login inside n8n's token
 * refresh, a dropped connection), reduced to a failure without its request config.
 */
export function classifyThrown(error: unknown): SarvFailure {
	// A SarvApiError (errors.ts), or n8n's wrapper of one: the failure was classified already.
	const own = error as { failure?: SarvFailure; context?: { sarvFailure?: SarvFailure } } | undefined;
	const classified = own?.failure ?? own?.context?.sarvFailure;
	if (classified?.kind) return classified;
	const e = (error ?? {}) as ThrownError;
	const cause = (e.cause && typeof e.cause === 'object' ? e.cause : {}) as ThrownError;
	const response = e.response ?? cause.response;
	if (response) {
		return (
			classifyReply(response.status, response.data ?? response.body, response.headers) ??
			failureOf(kindOfStatus(response.status), { httpStatus: response.status })
		);
	}
	const status = Number(e.httpCode);
	if (Number.isInteger(status) && status >= 100 && status < 600) {
		const data = e.context?.data;
		return (
			(data && typeof data === 'object' ? classifyReply(status, data) : undefined) ??
			failureOf(kindOfStatus(status), { httpStatus: status })
		);
	}
	const networkCode = [e.httpCode, e.code, cause.code].find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	if (networkCode) {
		return failureOf('network', { networkCode, message: 'Could not reach SarvCRM', hint: `${networkCode}: ${KIND_HINTS.network}` });
	}
	return failureOf('request', { message: e.message || 'Unknown error' });
}

/** A login that failed: wrong credential, unreachable URL, or an account problem. */
export function loginFailure(fields: {
	message: string;
	hint?: string;
	code?: number;
	httpStatus?: number;
	networkCode?: string;
}): SarvFailure {
	const known = fields.code !== undefined ? findErrorCode(fields.code, fields.httpStatus) : undefined;
	const kind: FailureKind = fields.networkCode
		? 'network'
		: fields.code !== undefined && ACCOUNT_CODES.has(fields.code)
			? 'account'
			: 'login';
	return {
		...failureOf(kind, { ...fields, hint: fields.hint ?? known?.hint ?? KIND_HINTS.login }),
		relogin: false,
		retry: kind === 'network',
	};
}

/**
 * The failure after a new login did not help: says whether the user lacks access or the
 * server refuses fresh sessions, with the server's own words.
 */
export function afterRenewal(failed: SarvFailure): SarvFailure {
	if (!failed.relogin) return failed;
	const access = failed.kind === 'access';
	const what = access ? 'SarvCRM denied access' : 'SarvCRM refused the session';
	const words = failed.serverMessage ?? failed.rawText;
	return {
		...failed,
		relogin: false,
		message: `${what} even after a new login${words ? `: ${words}` : ''}`,
		hint: access ? KIND_HINTS.access : KIND_HINTS.session,
	};
}
