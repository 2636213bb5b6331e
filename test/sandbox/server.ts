/**
 * SarvCrmSandbox: a real HTTP server on 127.0.0.1 that answers `/API.php` like SarvCRM v5,
 * plus `/__sandbox/*` admin endpoints so tests in another process can inspect and steer it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';

import { Api, METHODS, MODULE_METHODS, sarvError, type Call, type Reply } from './api';
import { Sessions, userId, type SandboxUser } from './auth';
import { MODULE_KEYS } from './fields';
import { FaultQueue, writeFault, type Fault } from './faults';
import { errorMessage, PERSIAN_SESSION_EXPIRED } from './messages';
import { DEFAULT_PROFILE, mergeProfile, type SandboxProfile } from './profile';
import { seedStore } from './seed';
import { isService2Path, Service2 } from './service2';
import { Store, type Rec } from './store';

export type { SandboxUser } from './auth';
export type { Fault } from './faults';
export type { SandboxProfile } from './profile';
export { parseWhere, type WhereAst } from './where';

export interface SandboxOptions {
	host?: string;
	port?: number;
	utype?: string;
	users?: SandboxUser[];
	tokenLifetimeMs?: number;
	latencyMs?: number;
	seed?: boolean;
	/** Server behaviour on every open point (see profile.ts); unset switches keep the default. */
	profile?: Partial<SandboxProfile>;
	/** Shortcuts kept for older tests: the same as the profile switches they map to. */
	pageCap?: number;
	authFailure?: 'http401' | 'body401' | 'http403';
	singleRecordShape?: 'array' | 'object';
}

const AUTH_FAILURE_SESSION = { http401: 'invalid-session-401', body401: 'body-401', http403: 'invalid-session-403' } as const;

export interface SandboxLogEntry {
	seq: number;
	at: string;
	httpMethod: string;
	method: string;
	module?: string;
	id?: string;
	params: Record<string, string>;
	body: unknown;
	status: number;
	authorized: boolean;
	durationMs: number;
	/** Start of a plain-text (non-JSON) reply, such as the server's "MySQL Error …" */
	text?: string;
}

export const DEFAULT_USERS: SandboxUser[] = [{ user_name: 'admin', password: 'sarv-demo' }];
const JSON_TYPE = 'application/json; charset=utf-8';

/** Copy with every `password` value (any depth, any case) replaced, so hashes never reach the log. */
export function redact(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(redact);
	if (v && typeof v === 'object') {
		return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, /password/i.test(k) ? '[redacted]' : redact(x)]));
	}
	return v;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class SarvCrmSandbox {
	readonly utype: string;
	readonly log: SandboxLogEntry[] = [];
	private readonly host: string;
	private readonly port: number;
	private readonly users: SandboxUser[];
	private readonly store: Store;
	private readonly sessions: Sessions;
	private readonly api: Api;
	/** The older REST service on the same store (service2.ts); public so tests can expire its sessions. */
	readonly service2: Service2;
	private readonly faults = new FaultQueue();
	private readonly sockets = new Set<Socket>();
	private readonly seedByDefault: boolean;
	private currentProfile: SandboxProfile;
	private server?: Server;
	private baseUrl = '';
	private latencyMs: number;
	private inFlight = 0;
	private peak = 0;
	private seq = 0;

	constructor(options: SandboxOptions = {}) {
		this.host = options.host ?? '127.0.0.1';
		this.port = options.port ?? 0;
		this.utype = options.utype ?? 'demo';
		this.users = options.users?.length ? options.users : DEFAULT_USERS;
		this.latencyMs = options.latencyMs ?? 0;
		this.seedByDefault = options.seed ?? true;
		const legacy: Partial<SandboxProfile> = {};
		if (options.pageCap !== undefined) legacy.pageCap = options.pageCap;
		if (options.authFailure) legacy.session = AUTH_FAILURE_SESSION[options.authFailure];
		if (options.singleRecordShape) legacy.singleRecordShape = options.singleRecordShape;
		this.currentProfile = mergeProfile({ ...DEFAULT_PROFILE }, { ...legacy, ...options.profile });
		this.store = new Store(
			this.utype,
			this.users.map((u, i) => ({ id: userId(u, i), user_name: u.user_name })),
		);
		this.sessions = new Sessions(this.utype, this.users, options.tokenLifetimeMs ?? 3_600_000);
		this.store.numbersField = this.currentProfile.numbersField;
		this.api = new Api(this.store, this.sessions, { utype: this.utype, profile: () => this.currentProfile });
		this.service2 = new Service2({
			store: this.store,
			api: this.api,
			utype: this.utype,
			users: this.users,
			profile: () => this.currentProfile,
			latencyMs: () => this.latencyMs,
			takeFault: (method) => this.faults.take(method),
			log: (entry) => {
				const logged = { seq: ++this.seq, ...entry };
				this.log.push(logged);
				return logged;
			},
		});
		this.reset();
	}

	/** Starts listening; resolves the API URL `http://127.0.0.1:<port>/API.php`. */
	async start(): Promise<string> {
		if (this.server) return this.url;
		const server = createServer((req, res) => void this.onRequest(req, res));
		server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, this.host, () => resolve());
		});
		this.server = server;
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		for (const s of this.sockets) s.destroy();
		server.closeAllConnections?.();
		await closed;
	}

	get url(): string {
		return this.baseUrl ? `${this.baseUrl}/API.php` : '';
	}

	/** Base of the admin endpoints, e.g. `http://127.0.0.1:1234/__sandbox` */
	get adminUrl(): string {
		return this.baseUrl ? `${this.baseUrl}/__sandbox` : '';
	}

	/** Makes time pass for the records' timestamps (second precision), without waiting. */
	advanceClock(ms: number): void {
		this.store.advanceClock(ms);
	}

	// ---- store ----

	private checkModule(module: string): void {
		if (!MODULE_KEYS.includes(module)) throw new Error(`Unknown SarvCRM module: ${module}`);
	}

	records(module: string, opts: { includeDeleted?: boolean } = {}): Record<string, unknown>[] {
		this.checkModule(module);
		return this.store
			.all(module)
			.filter((r) => opts.includeDeleted || r.deleted !== '1')
			.map((r) => this.store.view(module, r));
	}

	getRecord(module: string, id: string): Record<string, unknown> | undefined {
		this.checkModule(module);
		const r = this.store.get(module, id);
		return r && this.store.view(module, r);
	}

	/** Adds a record like Save does (id, dates, owner, derived fields), without validation or HTTP. */
	insert(module: string, record: Record<string, unknown>): Record<string, unknown> {
		this.checkModule(module);
		const rec = this.store.create(module, this.store.looseValues(module, record), this.store.users[0].id);
		return this.store.view(module, rec);
	}

	/** Changes a live record like Save does (date_modified stamped), without validation or HTTP. */
	update(module: string, id: string, values: Record<string, unknown>): Record<string, unknown> {
		this.checkModule(module);
		if (!this.store.live(module, id)) throw new Error(`No live ${module} record ${id}`);
		return this.store.view(module, this.store.update(module, id, this.store.looseValues(module, values), this.store.users[0].id));
	}

	/** Deletes a live record like Save's DELETE does: `deleted` '1' and `date_modified` stamped. */
	remove(module: string, id: string): void {
		this.checkModule(module);
		if (!this.store.live(module, id)) throw new Error(`No live ${module} record ${id}`);
		this.store.remove(module, id, this.store.users[0].id);
	}

	/** Empties the store (and fault queue), then seeds unless told otherwise. Tokens and log survive. */
	reset(opts: { seed?: boolean } = {}): void {
		this.store.clear();
		this.faults.clear();
		if (opts.seed ?? this.seedByDefault) seedStore(this.store);
	}

	// ---- request log ----

	calls(method?: string): number {
		return method === undefined ? this.log.length : this.log.filter((e) => e.method === method).length;
	}

	clearLog(): void {
		this.log.length = 0;
		this.peak = this.inFlight;
	}

	get maxInFlight(): number {
		return this.peak;
	}

	// ---- faults ----

	failNext(count: number, fault: Fault, onlyMethod?: string): void {
		this.faults.add(count, fault, onlyMethod);
	}

	/** Drops faults still queued (a test that stopped early leaves none for the next one). */
	clearFaults(): void {
		this.faults.clear();
	}

	expireAllTokens(): void {
		this.sessions.expireAll();
	}

	setLatency(ms: number): void {
		this.latencyMs = Math.max(0, ms);
	}

	setPageCap(n: number): void {
		this.setProfile({ pageCap: Math.max(1, Math.floor(n)) });
	}

	get profile(): Readonly<SandboxProfile> {
		return this.currentProfile;
	}

	/**
	 * Changes profile switches (unnamed ones stay). Records stay too; a changed `numbersField`
	 * re-seeds, since the modules' columns differ.
	 */
	setProfile(changes: Partial<SandboxProfile> | Record<string, unknown>): SandboxProfile {
		const next = mergeProfile(this.currentProfile, changes);
		const reshaped = next.numbersField !== this.currentProfile.numbersField;
		this.currentProfile = next;
		this.store.numbersField = next.numbersField;
		if (reshaped) this.reset();
		return next;
	}

	// ---- HTTP ----

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const admin = (req.url ?? '').startsWith('/__sandbox/');
		// Admin calls (a test process polling counts) are not API traffic: not counted in flight.
		if (!admin) {
			this.inFlight++;
			this.peak = Math.max(this.peak, this.inFlight);
			res.on('close', () => this.inFlight--);
		}
		try {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			const raw = await readBody(req);
			if (admin) return this.admin(req.method ?? 'GET', url, raw, res);
			if (isService2Path(url.pathname)) return await this.service2.handle(req, url, raw, res, started);
			if (url.pathname.toLowerCase() !== '/api.php') {
				res.writeHead(404, { 'Content-Type': 'text/html' });
				res.end('<h1>404 Not Found</h1>');
				return;
			}
			await this.apiRequest(req, url, raw, res, started);
		} catch (e) {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				res.end(`Sandbox internal error: ${(e as Error).message}`);
			}
		}
	}

	private async apiRequest(req: IncomingMessage, url: URL, raw: string, res: ServerResponse, started: number): Promise<void> {
		const httpMethod = (req.method ?? 'GET').toUpperCase();
		const asked = url.searchParams.get('method') ?? '';
		const method = METHODS.find((m) => m.toLowerCase() === asked.toLowerCase()) ?? asked;
		const session = this.sessions.check(req.headers.authorization);
		const parsed = parseBody(raw, req.headers['content-type']);
		const entry: SandboxLogEntry = {
			seq: ++this.seq,
			at: new Date(started).toISOString(),
			httpMethod,
			method,
			module: url.searchParams.get('module') ?? undefined,
			id: url.searchParams.get('id') ?? undefined,
			params: redact(Object.fromEntries(url.searchParams)) as Record<string, string>,
			body: redact(parsed.ok ? parsed.value : raw),
			status: 0,
			authorized: !!session,
			durationMs: 0,
		};
		this.log.push(entry);
		const finish = (status: number) => {
			entry.status = status;
			entry.durationMs = Date.now() - started;
		};

		if (this.latencyMs > 0) await sleep(this.latencyMs);
		const fault = this.faults.take(method);
		if (fault?.type === 'delay') await sleep(fault.ms);
		else if (fault) return finish(writeFault(fault, res) ?? 0);
		if (res.destroyed) return finish(0);

		const reply = this.dispatch(method, httpMethod, url, parsed, session);
		finish(reply.status);
		if ('text' in reply) entry.text = reply.text.slice(0, 200);
		send(res, reply);
	}

	private dispatch(method: string, httpMethod: string, url: URL, parsed: ParsedBody, session: Call['session']): Reply {
		const p = this.currentProfile;
		if (!(METHODS as readonly string[]).includes(method)) return sarvError(1000, undefined, [], p);
		if (method !== 'Login' && !session) return this.invalidSession();
		const module = url.searchParams.get('module');
		if (MODULE_METHODS.has(method) && !MODULE_KEYS.includes(module ?? '')) return sarvError(20, undefined, [], p);
		if (module && session && this.deniedModules(session.userName).includes(module)) return sarvError(40, undefined, [], p);
		if (!parsed.ok) return sarvError(1001, undefined, [], p);
		const body = parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Rec) : {};
		return this.api.handle(method, { httpMethod, params: url.searchParams, body, session });
	}

	/** The user's own denied modules, and the profile's refused module (for every user). */
	private deniedModules(userName: string): string[] {
		const refused = this.currentProfile.refusedModule;
		return [...(this.users.find((u) => u.user_name === userName)?.deniedModules ?? []), ...(refused === 'none' ? [] : [refused])];
	}

	/** How this server reports an expired or unknown token: the profile's `session` switch. */
	private invalidSession(): Reply {
		const p = this.currentProfile;
		const persian = p.messages === 'persian-only';
		const withCode = (code: number, body: Record<string, unknown>) =>
			p.errorCode === 'in-body' ? { status: body.status, code, ...body } : body;
		const invalid = withCode(11, { status: 401, message: errorMessage(11, persian), data: [] });
		switch (p.session) {
			case 'invalid-session-401':
				return { status: 401, json: invalid };
			case 'invalid-session-403':
				return { status: 403, json: invalid };
			case 'body-401':
				return { status: 200, json: invalid };
			case 'login-failed-401':
				// Some servers answer a dead token with the login failure text (code 10).
				return { status: 401, json: withCode(10, { status: 401, message: errorMessage(10, persian), data: [] }) };
			case 'persian-403':
				return { status: 403, json: { status: 403, message: PERSIAN_SESSION_EXPIRED, data: [] } };
			case 'plain-401':
				return { status: 401, text: 'Unauthorized', contentType: 'text/plain; charset=utf-8' };
		}
	}

	// ---- admin endpoints ----

	private admin(httpMethod: string, url: URL, raw: string, res: ServerResponse): void {
		const parsed = parseBody(raw, 'application/json');
		const body = (parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {}) as Rec;
		const route = `${httpMethod.toUpperCase()} ${url.pathname.slice('/__sandbox/'.length).replace(/\/+$/, '')}`;
		const reply = (status: number, json: unknown) => send(res, { status, json });
		try {
			switch (route) {
				case 'GET state':
					return reply(200, {
						url: this.url,
						utype: this.utype,
						users: this.users.map((u) => u.user_name),
						latencyMs: this.latencyMs,
						pageCap: this.currentProfile.pageCap,
						profile: this.currentProfile,
						inFlight: this.inFlight,
						maxInFlight: this.peak,
						activeSessions: this.sessions.active,
						pendingFaults: this.faults.size,
						records: Object.fromEntries(MODULE_KEYS.map((m) => [m, this.records(m).length])),
					});
				case 'GET log':
					return reply(200, this.log);
				case 'GET counts': {
					const byMethod: Record<string, number> = {};
					for (const e of this.log) byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
					return reply(200, { total: this.log.length, byMethod, maxInFlight: this.peak });
				}
				case 'GET records': {
					const module = url.searchParams.get('module') ?? '';
					return reply(200, this.records(module, { includeDeleted: url.searchParams.get('includeDeleted') === '1' }));
				}
				case 'POST reset':
					this.reset({ seed: typeof body.seed === 'boolean' ? body.seed : undefined });
					return reply(200, { ok: true });
				case 'POST clear-log':
					this.clearLog();
					return reply(200, { ok: true });
				case 'POST expire-tokens':
					this.expireAllTokens();
					return reply(200, { ok: true });
				case 'POST service2/expire-sessions':
					this.service2.expireSessions();
					return reply(200, { ok: true });
				case 'POST service2/bulk-faults':
					this.service2.bulkFaults = body as Service2['bulkFaults'];
					return reply(200, { ok: true });
				case 'POST fail-next':
					this.failNext(Number(body.count ?? 1), body.fault as Fault, typeof body.onlyMethod === 'string' ? body.onlyMethod : undefined);
					return reply(200, { ok: true });
				case 'POST latency':
					this.setLatency(Number(body.ms ?? 0));
					return reply(200, { ok: true });
				case 'GET profile':
					return reply(200, this.currentProfile);
				case 'POST profile':
					return reply(200, this.setProfile(body));
				case 'POST page-cap':
					this.setPageCap(Number(body.n ?? 300));
					return reply(200, { ok: true });
				case 'POST insert': {
					const module = String(body.module ?? '');
					if (!Array.isArray(body.records)) return reply(200, this.insert(module, (body.record ?? {}) as Rec));
					// Bulk seeding: { module, records: [...] } answers the new ids only.
					return reply(200, { ids: (body.records as Rec[]).map((record) => String(this.insert(module, record).id)) });
				}
				default:
					return reply(404, { error: `No admin endpoint ${route}` });
			}
		} catch (e) {
			return reply(400, { error: (e as Error).message });
		}
	}
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** JSON bodies (the API's format); real form bodies are accepted too. Empty = {}. */
function parseBody(raw: string, contentType: string | undefined): ParsedBody {
	if (!raw.trim()) return { ok: true, value: {} };
	// PHP reads the raw input as JSON whatever the header says (curl -d sends a form type).
	if (/application\/x-www-form-urlencoded/i.test(contentType ?? '') && !/^\s*[[{]/.test(raw)) {
		return { ok: true, value: Object.fromEntries(new URLSearchParams(raw)) };
	}
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, reply: Reply): void {
	if (res.destroyed || res.writableEnded) return;
	if ('text' in reply) {
		// MySQL errors come back as bare text/html with 200, not JSON.
		res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/html; charset=UTF-8' });
		res.end(reply.text);
		return;
	}
	res.writeHead(reply.status, { 'Content-Type': JSON_TYPE });
	res.end(JSON.stringify(reply.json));
}
