import { createHash } from 'crypto';

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
	if (problem) throw new Error(problem);
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
			[normalizeBaseUrlLoose(credentials.baseUrl), body.utype, body.user_name, body.password, body.language, body.login_type ?? ''].join('\u0000'),
		)
		.digest('hex');
}

function normalizeBaseUrlLoose(baseUrl: string): string {
	return String(baseUrl ?? '').trim().replace(/\/+$/, '');
}
