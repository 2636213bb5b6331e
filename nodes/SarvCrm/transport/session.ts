import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { findErrorCode, errorCodeFromMessage } from './errorCodes';
import { baseUrlProblem, buildLoginBody, credentialKey, normalizeBaseUrl, type SarvLoginCredentials } from './login';

/** The one HTTP primitive a login needs; both the credential and the node pass n8n's helper. */
export type HttpRequester = (options: IHttpRequestOptions) => Promise<unknown>;

/** A failed login, carrying only what is safe to show: never the password, its hash or a token. */
export class SarvLoginError extends Error {
	constructor(
		message: string,
		readonly code: number | undefined,
		readonly httpStatus: number | undefined,
		readonly hint: string,
	) {
		super(message);
		this.name = 'SarvLoginError';
	}
}

/**
 * Tokens obtained in this process, per credential identity. When many requests of one
 * credential fail together because the token expired, n8n calls preAuthentication once
 * per request; the first one logs in and the others reuse that token instead of each
 * logging in (and possibly tripping "sessions exceeded").
 */
const loginsInFlight = new Map<string, Promise<string>>();
/**
 * The last failed login per credential. n8n wraps a preAuthentication error into a
 * generic NodeApiError; the node looks the original up here to show its code and hint.
 */
const loginFailures = new Map<string, SarvLoginError>();
const recentTokens = new Map<string, { token: string; obtainedAt: number }>();
/** A token younger than this, different from the one that just failed, is taken as the refresh. */
const REUSE_WINDOW_MS = 30_000;

export async function obtainSessionToken(
	request: HttpRequester,
	credentials: SarvLoginCredentials,
	{ force = false, now = Date.now }: { force?: boolean; now?: () => number } = {},
): Promise<string> {
	const key = credentialKey(credentials);
	const recent = recentTokens.get(key);
	const fresh = recent && now() - recent.obtainedAt < REUSE_WINDOW_MS;
	if (!force && fresh && recent.token !== credentials.sessionToken) {
		return recent.token;
	}
	let pending = loginsInFlight.get(key);
	if (!pending) {
		pending = login(request, credentials)
			.then((token) => {
				recentTokens.set(key, { token, obtainedAt: now() });
				loginFailures.delete(key);
				return token;
			})
			.catch((error: unknown) => {
				if (error instanceof SarvLoginError) loginFailures.set(key, error);
				throw error;
			})
			.finally(() => loginsInFlight.delete(key));
		loginsInFlight.set(key, pending);
	}
	return await pending;
}

/** The last login failure of this credential, if its last login failed. */
export function recentLoginFailure(credentials: SarvLoginCredentials): SarvLoginError | undefined {
	return loginFailures.get(credentialKey(credentials));
}

/** One Login call. Errors are rebuilt from scratch so no request body (the MD5) rides along. */
export async function login(request: HttpRequester, credentials: SarvLoginCredentials): Promise<string> {
	const urlProblem = baseUrlProblem(String(credentials.baseUrl ?? '').trim());
	if (urlProblem) throw new SarvLoginError(urlProblem, undefined, undefined, 'Fix the Base URL of the SarvCRM credential.');
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	if (!String(credentials.utype ?? '').trim()) {
		throw new SarvLoginError('The Instance Key (utype) is empty', undefined, undefined, 'Enter your instance key in the SarvCRM credential.');
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
		throw new SarvLoginError(
			`Could not reach SarvCRM at ${baseUrl} (${unreachable ?? 'no reply'})`,
			undefined,
			undefined,
			'Check the Base URL of the credential: it must be the address of API.php, e.g. https://app.sarvcrm.com/API.php',
		);
	}

	const body = parseMaybeJson(response.body);
	const token = (body?.data as IDataObject | undefined)?.token;
	const httpStatus = response.statusCode;
	if (typeof token === 'string' && token && (httpStatus ?? 200) < 400) return token;

	const serverMessage = messageText(body?.message);
	const known =
		findErrorCode(typeof body?.code === 'number' ? body.code : Number(body?.code) || undefined) ??
		(serverMessage ? errorCodeFromMessage(serverMessage) : undefined);
	if (!body) {
		throw new SarvLoginError(
			`SarvCRM login at ${baseUrl} did not answer with JSON (HTTP ${httpStatus ?? '?'})`,
			undefined,
			httpStatus,
			'The Base URL does not look like a SarvCRM API; it must end in API.php.',
		);
	}
	throw new SarvLoginError(
		`SarvCRM login failed: ${serverMessage || known?.message || `HTTP ${httpStatus}`}`,
		known?.code ?? (httpStatus === 401 ? 10 : undefined),
		httpStatus,
		known?.hint ?? 'Check the Username, Password and Instance Key (utype) of the SarvCRM credential.',
	);
}

export function parseMaybeJson(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	if (!text.trim()) return undefined;
	try {
		const parsed = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** `message` comes as a string or an array of strings. */
export function messageText(message: unknown): string {
	if (Array.isArray(message)) return message.map((m) => String(m)).join(' ');
	if (message === undefined || message === null) return '';
	return typeof message === 'string' ? message : JSON.stringify(message);
}
