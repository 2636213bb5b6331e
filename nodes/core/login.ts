import { createHash } from 'crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { errorCodeFromMessage, findErrorCode } from './errorCodes';
import { SarvInputError, type SarvApiError } from './errors';
import { loginFailure, sarvError } from './failure';
import { messageText, parseMaybeJson } from './replies';

/** The one HTTP primitive the core needs; n8n's request helpers (or fetch, in the probe) provide it. */
export type HttpRequester = (options: IHttpRequestOptions) => Promise<unknown>;

/** The credential fields the login needs (names match SarvCrmApi.credentials.ts). */
export interface SarvLoginCredentials {
	baseUrl: string;
	utype: string;
	username: string;
	password: string;
	language?: string;
	loginType?: string;
	sessionToken?: string;
}

export interface SarvLoginBody {
	utype: string;
	user_name: string;
	password: string;
	language: string;
	login_type?: string;
}

export function md5Hex(value: string): string {
	return createHash('md5').update(value, 'utf8').digest('hex');
}

/** Body of `?method=Login`: the API wants the MD5 hex of the password, never the password. */
export function buildLoginBody(credentials: SarvLoginCredentials): SarvLoginBody {
	const body: SarvLoginBody = {
		utype: String(credentials.utype ?? '').trim(),
		user_name: String(credentials.username ?? '').trim(),
		password: md5Hex(String(credentials.password ?? '')),
		language: credentials.language || 'en_US',
	};
	// login_type is only sent when set: most instances reject an empty one.
	if (credentials.loginType) body.login_type = credentials.loginType;
	return body;
}

/** Strips a trailing slash and checks the scheme, so the token only ever travels over http(s). */
export function normalizeBaseUrl(baseUrl: string): string {
	const trimmed = String(baseUrl ?? '').trim();
	const problem = baseUrlProblem(trimmed);
	if (problem) throw new SarvInputError(problem, 'baseUrl', 'Fix the Base URL of the SarvCRM credential.');
	return trimmed.replace(/\/+$/, '');
}

/** Why a Base URL cannot be used, or undefined when it can. */
export function baseUrlProblem(baseUrl: string): string | undefined {
	if (!URL.canParse(baseUrl)) {
		return `The Base URL "${baseUrl}" is not a valid URL. Use the address of API.php, e.g. https://app.sarvcrm.com/API.php`;
	}
	const { protocol } = new URL(baseUrl);
	if (protocol !== 'http:' && protocol !== 'https:') {
		return `The Base URL must start with http:// or https:// (got "${protocol}")`;
	}
	return undefined;
}

/**
 * Identity of a credential for sharing one login between concurrent requests.
 * It includes the password hash so two credentials never share a token, and it is
 * hashed so the map key itself holds no secret.
 */
export function credentialKey(credentials: SarvLoginCredentials): string {
	const body = buildLoginBody(credentials);
	return createHash('sha256')
		.update(
			[normalizeBaseUrlLoose(credentials.baseUrl), body.utype, body.user_name, body.password, body.language, body.login_type ?? ''].join(
				'\u0000',
			),
		)
		.digest('hex');
}

function normalizeBaseUrlLoose(baseUrl: string): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

function loginError(fields: Parameters<typeof loginFailure>[0]): SarvApiError {
	return sarvError(loginFailure(fields));
}

/** One Login call. Errors are built from scratch so no request body (the MD5) rides along. */
export async function login(request: HttpRequester, credentials: SarvLoginCredentials): Promise<string> {
	const urlProblem = baseUrlProblem(String(credentials.baseUrl ?? '').trim());
	if (urlProblem) throw loginError({ message: urlProblem, hint: 'Fix the Base URL of the SarvCRM credential.' });
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	if (!String(credentials.utype ?? '').trim()) {
		throw loginError({ message: 'The Instance Key (utype) is empty', hint: 'Enter your instance key in the SarvCRM credential.' });
	}

	let response: { statusCode?: number; body?: unknown } | undefined;
	let unreachable: string | undefined;
	try {
		response = (await request({
			method: 'POST',
			url: baseUrl,
			qs: { method: 'Login' },
			body: buildLoginBody(credentials),
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Never replay the login body (the MD5) to a host a redirect names.
			disableFollowRedirect: true,
		})) as { statusCode?: number; body?: unknown };
	} catch (error) {
		// Only the reason survives: the error itself carries the request body (the MD5).
		unreachable = (error as { code?: string }).code ?? (error as Error).message;
	}
	if (!response) {
		throw loginError({
			message: `Could not reach SarvCRM at ${baseUrl} (${unreachable ?? 'no reply'})`,
			networkCode: unreachable && /^E[A-Z_]+$/.test(unreachable) ? unreachable : 'ENOREPLY',
			hint: 'Check the Base URL of the credential: it must be the address of API.php, e.g. https://app.sarvcrm.com/API.php',
		});
	}

	const body = parseMaybeJson(response.body);
	const token = (body?.data as IDataObject | undefined)?.token;
	const httpStatus = response.statusCode;
	if (typeof token === 'string' && token && (httpStatus ?? 200) < 400) return token;
	if (!body) {
		throw loginError({
			message: `SarvCRM login at ${baseUrl} did not answer with JSON (HTTP ${httpStatus ?? '?'})`,
			httpStatus,
			hint: 'The Base URL does not look like a SarvCRM API; it must end in API.php.',
		});
	}
	const serverMessage = messageText(body.message);
	const bodyCode = Number(body.code);
	// The code in the body when there is one; an English message may name it; else "invalid login" (10).
	const code =
		Number.isFinite(bodyCode) && body.code !== undefined && body.code !== '' ? bodyCode : (errorCodeFromMessage(serverMessage)?.code ?? 10);
	throw loginError({
		message: `SarvCRM login failed: ${serverMessage || findErrorCode(code)?.message || `HTTP ${httpStatus}`}`,
		code,
		httpStatus,
	});
}
