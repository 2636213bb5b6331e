/** Small fetch helpers for the sandbox's own tests. */
import { createHash } from 'crypto';

import { SarvCrmSandbox, type SandboxOptions } from '../../sandbox';

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export async function startSandbox(options: SandboxOptions = {}): Promise<SarvCrmSandbox> {
	const sb = new SarvCrmSandbox({ port: 0, ...options });
	await sb.start();
	return sb;
}

export interface Reply {
	status: number;
	contentType: string;
	text: string;
	json: any;
}

export async function request(
	sb: SarvCrmSandbox,
	method: string,
	params: Record<string, string> = {},
	init: { httpMethod?: string; body?: unknown; token?: string; rawBody?: string } = {},
): Promise<Reply> {
	const url = new URL(sb.url);
	url.searchParams.set('method', method);
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (init.token) headers.Authorization = `Bearer ${init.token}`;
	let body: string | undefined = init.rawBody;
	if (init.body !== undefined) {
		body = JSON.stringify(init.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(url, { method: init.httpMethod ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

export async function login(
	sb: SarvCrmSandbox,
	over: Partial<{ utype: string; user_name: string; password: string; language: string }> = {},
): Promise<Reply> {
	return request(
		sb,
		'Login',
		{},
		{
			body: {
				utype: over.utype ?? sb.utype,
				user_name: over.user_name ?? 'admin',
				password: md5(over.password ?? 'sarv-demo'),
				language: over.language ?? 'en_US',
			},
		},
	);
}

export async function token(sb: SarvCrmSandbox, language = 'en_US'): Promise<string> {
	const r = await login(sb, { language });
	if (r.status !== 200) throw new Error(`login failed: ${r.text}`);
	return r.json.data.token as string;
}

/** Authenticated call helper bound to one token. */
export function client(sb: SarvCrmSandbox, tok: string) {
	return (method: string, params: Record<string, string> = {}, init: { httpMethod?: string; body?: unknown; rawBody?: string } = {}) =>
		request(sb, method, params, { ...init, token: tok });
}
