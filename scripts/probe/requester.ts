/**
 * The core's HttpRequester over fetch, for the probe and for tests of the core against the sandbox:
 * what n8n's `helpers.httpRequest` does with the options the core uses (qs, a string or JSON body,
 * `returnFullResponse`, `ignoreHttpStatusErrors`, `disableFollowRedirect`), replies parsed like axios.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpRequester } from '../../nodes/core/login';

export interface FullResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

/** JSON when the text is JSON (axios' default), else the text itself. */
export function parseLikeAxios(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export function fetchRequester(fetchImpl: typeof fetch = fetch): HttpRequester {
	return async (options: IHttpRequestOptions) => {
		const url = new URL(options.url, options.baseURL);
		for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
		const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
		let body: string | Buffer | undefined;
		if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
		else if (options.body !== undefined && !(options.body instanceof URLSearchParams)) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] ??= 'application/json';
		} else if (options.body instanceof URLSearchParams) body = options.body.toString();
		const res = await fetchImpl(url, {
			method: options.method ?? 'GET',
			headers,
			body,
			redirect: options.disableFollowRedirect ? 'manual' : 'follow',
		});
		const response: FullResponse = {
			statusCode: res.status,
			headers: Object.fromEntries(res.headers),
			body: parseLikeAxios(await res.text()),
		};
		if (res.status >= 400 && !options.ignoreHttpStatusErrors) {
			throw Object.assign(new Error(`Request failed with status code ${res.status}`), {
				response: { status: res.status, data: response.body, headers: response.headers },
			});
		}
		return options.returnFullResponse ? response : response.body;
	};
}
