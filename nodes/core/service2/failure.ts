/**
 * service2 replies in the package's failure model (../failure.ts). Errors come back as HTTP 200
 * `{name, number, description}` (SarvCRM's customised service adds `server_response_status`); the
 * number decides the kind, as the v5 `code` does. No request, session id or file rides along.
 */
import type { IDataObject } from 'n8n-workflow';

import { findErrorCode } from '../errorCodes';
import { classifyReply, failureOf, loginFailure, type SarvFailure } from '../failure';
import type { ReplyShape } from './protocol';

export const PROBE_HINT = 'Run `npm run probe` against this server to see whether and where it offers service2';

const toNumber = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** The error an HTTP 200 JSON reply carries, or undefined when it is a result. */
export function service2ErrorOf(body: IDataObject | null): SarvFailure | undefined {
	if (!body) return undefined;
	const number = toNumber(body.number);
	const status = toNumber(body.server_response_status);
	const hasError = (number !== undefined && Number.isFinite(number) && number !== 0) || (status !== undefined && status >= 400);
	if (!hasError) return undefined;
	const words = [body.name, body.description].filter((w) => typeof w === 'string' && w.trim()).join(': ');
	const failure = classifyReply(status !== undefined && status >= 400 ? status : 200, {
		...(number !== undefined && Number.isFinite(number) ? { number } : {}),
		...(words ? { message: words } : {}),
	});
	return failure && { ...failure, ...(status !== undefined ? { bodyStatus: status } : {}) };
}

/** A server without service2 at this address: one clear error naming it. */
export function service2Absent(url: string): SarvFailure {
	return failureOf('notFound', {
		httpStatus: 404,
		message: `SarvCRM has no service2 at ${safeUrl(url)} (HTTP 404)`,
		hint:
			`The file operations need SarvCRM's service2 API. ${PROBE_HINT}, ` +
			'and set the Service2 URL field of the SarvCRM credential if it lives elsewhere.',
	});
}

/** Neither encoding was read: the address answers, but not as service2. */
export function service2NotUnderstood(url: string, text: string): SarvFailure {
	return failureOf('notJson', {
		httpStatus: 200,
		rawText: text.slice(0, 300),
		message: `The address ${safeUrl(url)} did not read a service2 call in either encoding (JSON body or form fields)`,
		hint: `${PROBE_HINT}; check the Service2 URL field of the SarvCRM credential.`,
	});
}

function tooLarge(message: string, httpStatus: number): SarvFailure {
	return failureOf('request', { code: 16, httpStatus, message }, findErrorCode(16));
}

/**
 * A call with a file that the server did not read although it reads the encoding: PHP drops a body
 * above `post_max_size` before the service sees it, so the upload limit is the likely cause.
 */
export function service2BodyDropped(url: string, method: string): SarvFailure {
	return tooLarge(
		`service2 at ${safeUrl(url)} did not read the ${method} call: the body was probably above the server's upload limit`,
		200,
	);
}

/** The server reads the encoding (a login just showed it) but not this method: it does not have it. */
export function service2NoMethod(url: string, method: string, text: string): SarvFailure {
	return failureOf('request', {
		httpStatus: 200,
		rawText: text.slice(0, 300),
		message: `SarvCRM's service2 at ${safeUrl(url)} has no method ${method} (invalid call)`,
		hint: `This SarvCRM server's service2 lacks what the operation needs. ${PROBE_HINT}.`,
	});
}

/** A reply that is neither a result nor a service2 error: a status error page, a PHP fatal error. */
export function service2Other(url: string, shape: Extract<ReplyShape, { type: 'other' }>): SarvFailure {
	// A proxy or the web server refusing the body's size: SarvCRM's "File is Too Large".
	if (shape.status === 413) return tooLarge(`The server refused the request body as too large (HTTP 413) at ${safeUrl(url)}`, 413);
	return (
		classifyReply(shape.status, shape.text) ??
		failureOf('server', { httpStatus: shape.status, message: `service2 at ${safeUrl(url)} answered HTTP ${shape.status}` })
	);
}

/** The failed service2 login: code 10 and the account codes as the v5 login reports them. */
export function service2LoginFailure(failure: SarvFailure): SarvFailure {
	if (failure.kind !== 'session' && failure.kind !== 'account' && failure.code !== 10) return { ...failure, relogin: false };
	const code = failure.code ?? 10;
	return loginFailure({
		message: `SarvCRM service2 login failed: ${failure.serverMessage ?? findErrorCode(code)?.message ?? 'invalid login'}`,
		code,
		httpStatus: failure.httpStatus,
	});
}

/** Code 16 with the size of the file that was sent (the server may not say it). */
export function withFileSize(failure: SarvFailure, bytes: number): SarvFailure {
	if (failure.code !== 16) return failure;
	return {
		...failure,
		message: `${failure.message} (the file has ${bytes} bytes)`,
		hint: "The file is larger than this SarvCRM server's upload limit; send a smaller file or ask the SarvCRM admin to raise the limit.",
	};
}

/** The address without its query (the utype is harmless, but errors name the address only). */
function safeUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.origin}${u.pathname}`;
	} catch {
		return url;
	}
}
