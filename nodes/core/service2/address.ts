/**
 * Where SarvCRM's older REST service answers. The API text ("Versioning") puts it beside API.php:
 * `…/API.php` → `…/service2/v4_1/rest.php?utype=<utype>`. A credential may name another address.
 */
import { SarvInputError } from '../errors';

export const SERVICE2_VERSION = 'v4_1';

/** The service2 address of a Base URL (the address of API.php); pure. */
export function service2UrlFromBase(baseUrl: string, utype: string): string {
	const url = new URL(String(baseUrl ?? '').trim());
	// The last path segment is API.php (any case, a trailing slash as the v5 client strips it) or a folder.
	const path = url.pathname.replace(/\/+$/, '');
	const folder = /\.php$/i.test(path) ? path.replace(/[^/]*$/, '') : `${path}/`;
	url.pathname = `${folder}service2/${SERVICE2_VERSION}/rest.php`;
	url.search = '';
	url.hash = '';
	url.searchParams.set('utype', String(utype ?? '').trim());
	return url.toString();
}

/** Why an address cannot be used for service2, or undefined when it can. */
export function service2UrlProblem(address: string): string | undefined {
	if (!URL.canParse(address))
		return `The Service2 URL "${address}" is not a valid URL, e.g. https://app.sarvcrm.com/service2/v4_1/rest.php?utype=mycompany`;
	const { protocol } = new URL(address);
	if (protocol !== 'http:' && protocol !== 'https:') return `The Service2 URL must start with http:// or https:// (got "${protocol}")`;
	return undefined;
}

/**
 * The address to use: the credential's Service2 URL when set (given `utype` when it has none),
 * else the one derived from the Base URL. Throws a SarvInputError naming the problem.
 */
export function service2Url(baseUrl: string, utype: string, override?: string): string {
	const given = String(override ?? '').trim();
	if (!given) return service2UrlFromBase(baseUrl, utype);
	const problem = service2UrlProblem(given);
	if (problem) throw new SarvInputError(problem, 'service2Url', 'Fix the Service2 URL of the SarvCRM credential, or leave it empty.');
	const url = new URL(given);
	if (!url.searchParams.has('utype') && String(utype ?? '').trim()) url.searchParams.set('utype', String(utype).trim());
	return url.toString();
}

/** The address to use, or why there is none (a bad Base URL or Service2 URL), without throwing. */
export function resolveService2Url(baseUrl: string, utype: string, override?: string): { url: string } | { problem: string } {
	const given = String(override ?? '').trim();
	const base = String(baseUrl ?? '').trim();
	if (given) {
		const problem = service2UrlProblem(given);
		return problem ? { problem } : { url: service2Url(base, utype, given) };
	}
	if (!URL.canParse(base))
		return { problem: `The Base URL "${base}" is not a valid URL, so the service2 address cannot be derived from it` };
	return { url: service2UrlFromBase(base, utype) };
}
