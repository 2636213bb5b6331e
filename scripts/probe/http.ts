/**
 * The probe's only way to the server: read-only SarvCRM calls (Login, Retrieve,
 * GetModuleFields), replies kept raw so the probe can classify their shape.
 */
import { createHash } from 'crypto';

export interface ProbeTarget {
	url: string;
	utype: string;
	username: string;
	password: string;
	/** Login language; en_US so a Persian reply is the server's own choice. */
	language?: string;
	/** service2's address when it is not beside API.php (the credential's Service2 URL) */
	service2Url?: string;
	/**
	 * Opt-in (SARVCRM_PROBE_WRITE=1): the deleted-rows check may create one test Lead and delete
	 * it, the only way to see whether service2 lists it and whether its date_modified moves.
	 */
	writes?: boolean;
}

export interface RawReply {
	status: number;
	contentType: string;
	/** `Date` header, when the server sends one */
	date?: string;
	text: string;
	json?: any;
}

/** Methods the probe may call: none of them writes a record. */
const READ_ONLY_METHODS = new Set(['Login', 'Retrieve', 'GetModuleFields']);

export class ProbeHttp {
	private token = '';

	constructor(
		private readonly target: ProbeTarget,
		private readonly fetchImpl: typeof fetch = fetch,
	) {}

	async login(): Promise<void> {
		const reply = await this.call(
			'Login',
			{},
			{
				utype: this.target.utype,
				user_name: this.target.username,
				password: createHash('md5').update(this.target.password, 'utf8').digest('hex'),
				language: this.target.language ?? 'en_US',
			},
			null,
		);
		const token = reply.json?.data?.token;
		if (typeof token !== 'string' || !token) {
			const message = reply.json?.message ?? reply.text.slice(0, 200);
			throw new Error(`Login failed (HTTP ${reply.status}): ${Array.isArray(message) ? message.join(' ') : String(message)}`);
		}
		this.token = token;
	}

	/** One call; `token` null = none, a string = that (e.g. a bogus) token, undefined = the session's. */
	async call(method: string, params: Record<string, string>, body?: Record<string, unknown>, token?: string | null): Promise<RawReply> {
		if (!READ_ONLY_METHODS.has(method)) throw new Error(`The probe never calls ${method}`);
		const url = new URL(this.target.url);
		url.searchParams.set('method', method);
		for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
		const headers: Record<string, string> = { Accept: 'application/json' };
		const bearer = token === undefined ? this.token : token;
		if (bearer) headers.Authorization = `Bearer ${bearer}`;
		if (body) headers['Content-Type'] = 'application/json';
		const res = await this.fetchImpl(url, {
			method: body ? 'POST' : 'GET',
			headers,
			body: body ? JSON.stringify(body) : undefined,
			redirect: 'manual',
		});
		return await readReply(res);
	}

	/** The one write the probe makes, and only when the target opted in: Save (POST creates, DELETE deletes). */
	async save(httpMethod: 'POST' | 'DELETE', module: string, body: Record<string, unknown>, id?: string): Promise<RawReply> {
		if (!this.target.writes) throw new Error('The probe writes only with SARVCRM_PROBE_WRITE=1');
		const url = new URL(this.target.url);
		url.searchParams.set('method', 'Save');
		url.searchParams.set('module', module);
		if (id) url.searchParams.set('id', id);
		const res = await this.fetchImpl(url, {
			method: httpMethod,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
			body: httpMethod === 'POST' ? JSON.stringify(body) : undefined,
			redirect: 'manual',
		});
		return await readReply(res);
	}

	retrieve(module: string, body: Record<string, unknown>): Promise<RawReply> {
		return this.call('Retrieve', { module }, body);
	}
}

/** A reply as the probe reads it: status, type, the server's clock, the text and its JSON where it is JSON. */
async function readReply(res: Response): Promise<RawReply> {
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', date: res.headers.get('date') ?? undefined, text, json };
}

/** `MySQL Error…Unknown column…` as plain text: the server's answer to a column it lacks. */
export const isUnknownColumn = (r: RawReply) => r.json === undefined && /unknown column/i.test(r.text);
export const isRecordList = (r: RawReply): r is RawReply & { json: { data: any[] } } => Array.isArray(r.json?.data);
export const hasPersian = (text: string) => /[\u0600-\u06FF]/.test(text);
export const messageOf = (r: RawReply): string => {
	const m = r.json?.message;
	return Array.isArray(m) ? m.join(' ') : typeof m === 'string' ? m : r.text.slice(0, 160);
};
