/**
 * The sandbox plays SarvCRM's older REST service, `service2/v4_1/rest.php?utype=U`, on the same
 * store as the v5 API.php emulation. Facts from SuiteCRM 7 (`service/core/REST/SugarRestJSON.php`,
 * `service/core/SugarWebServiceImpl.php`, `modules/Notes/NoteSoap.php`, `modules/Documents/DocumentSoap.php`)
 * and the notes (`docs/api-notes.md`, section service2); what they leave open is a
 * profile switch (`service2`, `uploadLimit`, see profile.ts).
 */
import { randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';

import { moduleTable } from './spec';
import type { Api, Reply } from './api';
import { md5, userId, type Session, type SandboxUser } from './auth';
import { describeField, MODULE_KEYS, OPTION_SETS, type Language } from './fields';
import { writeFault, type Fault } from './faults';
import type { SandboxProfile } from './profile';
import type { Rec, Store } from './store';
import { formatDateTime, randomUuid } from './values';

export type Service2Encoding = 'form' | 'json';

/** `/service2/v4_1/rest.php` (any case): where the service answers, beside `/API.php`. */
export const SERVICE2_PATH = '/service2/v4_1/rest.php';
export const isService2Path = (pathname: string) => pathname.toLowerCase() === SERVICE2_PATH;

/** Parameter names of each method, in order (PHP 8 binds a `rest_data` object by these names). */
export const SERVICE2_METHODS: Record<string, readonly string[]> = {
	login: ['user_auth', 'application_name', 'name_value_list'],
	logout: ['session'],
	set_note_attachment: ['session', 'note'],
	get_note_attachment: ['session', 'id'],
	set_document_revision: ['session', 'document_revision'],
	get_document_revision: ['session', 'id'],
	get_entry_list: [
		'session',
		'module_name',
		'query',
		'order_by',
		'offset',
		'select_fields',
		'link_name_to_fields_array',
		'max_results',
		'deleted',
		'favorites',
	],
	get_entries_count: ['session', 'module_name', 'query', 'deleted'],
	set_entries: ['session', 'module_name', 'name_value_lists'],
	get_module_fields: ['session', 'module_name', 'fields'],
};
/**
 * How many leading parameters each method requires (PHP 8: those without a default value); the
 * methods not listed require all of theirs. SuiteCRM 7's v4_1 signatures.
 */
const REQUIRED: Record<string, number> = { login: 1, get_entry_list: 9, get_module_fields: 2 };

/** The required parameters a call left out (PHP 8 then throws ArgumentCountError before the method runs). */
export function missingArguments(method: string, args: Rec): string[] {
	const names = SERVICE2_METHODS[method] ?? [];
	return names.slice(0, REQUIRED[method] ?? names.length).filter((n) => !(n in args));
}

/** v4 `login` ends in `...$args` and SugarRestJSON copies `application` to `application_name`. */
const LOGIN_ALIASES: Record<string, string> = { application: 'application_name' };

/** SuiteCRM's `soap/SoapErrorDefinitions.php` rows the service uses, plus SarvCRM's 16. */
const ERRORS: Record<number, [name: string, description: string]> = {
	10: ['Invalid Login', 'Login attempt failed please check the username and password'],
	11: ['Invalid Session ID', 'The session ID is invalid'],
	16: ['File is Too Large', 'Uploaded file is too large and exceeded the file size limit'],
	20: ['Module Does Not Exist', 'This module is not available on this server'],
	21: ['File Does Not Exist', 'The desired file does not exist on the server'],
	40: ['Access Denied', 'You do not have access'],
	1001: ['Invalid data sent', 'The data sent for this function is invalid. Please look at WSDL file for details'],
	1008: ['Password Expired', 'Your password has expired. Please provide a new password.'],
	1009: [
		'Password Expired',
		'You have been locked out of the Sugar application and cannot log in using existing password. Please contact your Administrator.',
	],
};
/** What `server_response_status` says for an error code in the customised (JSON) replies. */
const RESPONSE_STATUS: Record<number, number> = { 10: 401, 11: 401, 16: 413, 20: 404, 21: 404, 40: 403, 1008: 401, 1009: 401 };

/** SuiteCRM's answer to an unknown method (or none): `set_error('invalid_call')` has no definition. */
const INVALID_CALL = {
	name: 'An Undefined Error - invalid_call occurred',
	number: '-1',
	description: 'There is no error definition for invalid_call',
};
/**
 * What vanilla SuiteCRM prints for a request without form fields (a JSON body): no `input_type`, so
 * the plain SugarRest class, no `method`, so it dumps the implementation class. HTTP 200, not JSON.
 */
const CLASS_DUMP = '<pre>Class [ <user> class SugarWebServiceImplv4_1 extends SugarWebServiceImplv4 ] {\n  - Methods [62] {\n  }\n}\n';

/** The server dying inside a call (a PHP fatal error): HTTP 500 with an HTML page, no JSON. */
class Service2Crash extends Error {}

/**
 * SuiteCRM 7's answer to a query that fails in the database: `DBManager::registerError` calls
 * `sugar_die($app_strings['ERR_DB_FAIL'])`, which echoes the line and throws; PHP 8 answers the
 * uncaught exception with HTTP 500 (display_errors off, as in production, so the echoed line is
 * all the body holds). Nothing in it names the column or the SQL.
 */
export const DB_FAILURE_PAGE = 'Database failure. Please refer to suitecrm.log for details.';
class Service2DbFailure extends Error {}
/** PHP ran past the proxy's time limit: nginx answers 504 while the records saved so far stay saved. */
class GatewayTimeout extends Error {}

const GATEWAY_TIMEOUT_PAGE =
	'<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

class Service2Fault {
	constructor(
		readonly code: number,
		readonly description?: string,
	) {}
}

interface Service2Session {
	id: string;
	userId: string;
	userName: string;
	language: Language;
	expiresAt: number;
}

interface StoredFile {
	filename: string;
	mime: string;
	bytes: Buffer;
}

interface Revision extends StoredFile {
	id: string;
	revision: string;
	date: string;
}

/** What the sandbox server shares with this service (the server keeps the rest private). */
export interface Service2Host {
	store: Store;
	api: Api;
	utype: string;
	users: SandboxUser[];
	profile(): SandboxProfile;
	latencyMs(): number;
	takeFault(method: string): Fault | undefined;
	/** Adds an entry to the request log and returns it, to be completed when the reply is out. */
	log(entry: Service2LogEntry): { status: number; durationMs: number };
}

export interface Service2LogEntry {
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
}

type Parsed =
	| { ok: true; encoding: Service2Encoding; method: string; args: Rec }
	| { ok: false; encoding: Service2Encoding; method: string; fatal?: string };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** A `rest_data` value: positional (array) or named (object); a named one must use known names. */
export function bindArguments(method: string, restData: unknown): { ok: true; args: Rec } | { ok: false; fatal: string } {
	const names = SERVICE2_METHODS[method] ?? [];
	// Only the arguments given are bound (a shorter list leaves the last parameters out).
	if (Array.isArray(restData))
		return { ok: true, args: Object.fromEntries(names.slice(0, restData.length).map((n, i) => [n, restData[i]])) };
	if (restData === undefined) return { ok: true, args: {} };
	if (!restData || typeof restData !== 'object') return { ok: true, args: names.length ? { [names[0]]: restData } : {} };
	const args: Rec = {};
	for (const [key, value] of Object.entries(restData as Rec)) {
		const name = method === 'login' ? (LOGIN_ALIASES[key] ?? key) : key;
		// PHP 8: an unknown named argument is a fatal error (login collects them in `...$args`).
		if (!names.includes(name) && method !== 'login') return { ok: false, fatal: `Unknown named parameter $${key}` };
		args[name] = value;
	}
	return { ok: true, args };
}

/** The call in the request, whichever encoding carried it; `rest_data` may be a JSON string in either. */
export function parseService2Request(raw: string, contentType: string | undefined): Parsed {
	const looksJson = /^\s*\{/.test(raw) && !/application\/x-www-form-urlencoded/i.test(contentType ?? '');
	let fields: Rec;
	const encoding: Service2Encoding = looksJson ? 'json' : 'form';
	try {
		fields = looksJson ? (JSON.parse(raw) as Rec) : Object.fromEntries(new URLSearchParams(raw));
	} catch {
		return { ok: false, encoding, method: '' };
	}
	const method = typeof fields.method === 'string' ? fields.method : '';
	let restData = fields.rest_data;
	if (typeof restData === 'string') {
		try {
			restData = restData.trim() ? JSON.parse(restData) : undefined;
		} catch {
			restData = undefined;
		}
	}
	if (!SERVICE2_METHODS[method]) return { ok: false, encoding, method };
	const bound = bindArguments(method, restData);
	return bound.ok ? { ok: true, encoding, method, args: bound.args } : { ok: false, encoding, method, fatal: bound.fatal };
}

/** The log's copy of the arguments: no password, no session id, no file contents (only their size). */
export function loggedArguments(v: unknown, key = ''): unknown {
	if (/password/i.test(key)) return '[redacted]';
	if (key === 'session') return v ? '[session]' : v;
	if (key === 'file' && typeof v === 'string') return `[base64, ${v.length} chars]`;
	if (Array.isArray(v)) return v.map((x) => loggedArguments(x));
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, loggedArguments(x, k)]));
	return v;
}

const MIME: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	txt: 'text/plain',
	csv: 'text/csv',
	html: 'text/html',
	json: 'application/json',
	zip: 'application/zip',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** SuiteCRM guesses the MIME type from the file name (`UploadFile::getMimeSoap`). */
export function mimeOf(filename: string): string {
	const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
	return MIME[ext] ?? 'application/octet-stream';
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export class Service2 {
	private readonly sessions = new Map<string, Service2Session>();
	/** Files live beside their record object: a store reset drops both. */
	private readonly noteFiles = new WeakMap<Rec, StoredFile>();
	private readonly revisions = new WeakMap<Rec, Revision[]>();
	lifetimeMs = 3_600_000;
	/**
	 * Faults of `set_entries` the bulk-write tests play (the admin API sets them too): the next
	 * batch fails at its Nth record (1-based) after saving the ones before it, with no
	 * transaction to undo them; or writes all and then drops the connection. `skip` is standing:
	 * records whose field has that value are ones the user may not write, left out silently.
	 * `timeOutAfterRecord`: the next batch saves that many records, then PHP is stopped at the
	 * proxy's time limit and nginx answers 504 (the saved ones stay).
	 */
	bulkFaults: { failAtRecord?: number; dropAfterWrite?: boolean; timeOutAfterRecord?: number; skip?: { field: string; value: string } } =
		{};

	constructor(private readonly host: Service2Host) {}

	/** Ends every service2 session (the v5 tokens are separate and stay). */
	expireSessions(): void {
		this.sessions.clear();
	}

	get activeSessions(): number {
		const now = Date.now();
		return [...this.sessions.values()].filter((s) => s.expiresAt > now).length;
	}

	async handle(req: IncomingMessage, url: URL, raw: string, res: ServerResponse, started: number): Promise<void> {
		const profile = this.host.profile();
		const parsed = parseService2Request(raw, req.headers['content-type']);
		const args = parsed.ok ? parsed.args : {};
		// A body in an encoding this server does not read carries no session for it.
		const session = accepts(profile, parsed.encoding) ? this.session(args.session) : undefined;
		const done = this.host.log({
			at: new Date(started).toISOString(),
			httpMethod: (req.method ?? 'GET').toUpperCase(),
			method: `service2.${parsed.method || '?'}`,
			module: typeof args.module_name === 'string' ? args.module_name : undefined,
			id: typeof args.id === 'string' ? args.id : undefined,
			params: Object.fromEntries(url.searchParams),
			body: { encoding: parsed.encoding, rest_data: loggedArguments(args) },
			status: 0,
			authorized: !!session,
			durationMs: 0,
		});
		const finish = (status: number) => {
			done.status = status;
			done.durationMs = Date.now() - started;
		};
		if (profile.service2 === 'absent') return finish(send(res, { status: 404, text: '<h1>404 Not Found</h1>' }));
		const latency = this.host.latencyMs();
		if (latency > 0) await sleep(latency);
		const fault = this.host.takeFault(`service2.${parsed.method}`);
		if (fault?.type === 'delay') await sleep(fault.ms);
		else if (fault) return finish(writeFault(fault, res) ?? 0);
		if (res.destroyed) return finish(0);
		// Only POST is played; anything else is answered as a request without fields (the class dump).
		if (req.method?.toUpperCase() !== 'POST') return finish(send(res, { status: 200, text: CLASS_DUMP }));
		const reply = this.reply(parsed, session, url, profile);
		if (parsed.method === 'set_entries' && this.bulkFaults.dropAfterWrite) {
			this.bulkFaults.dropAfterWrite = false;
			res.socket?.destroy();
			return finish(0);
		}
		finish(send(res, reply));
	}

	private reply(parsed: Parsed, session: Service2Session | undefined, url: URL, profile: SandboxProfile): Reply {
		const customised = parsed.encoding === 'json';
		// A server that reads only form fields sees nothing in a JSON body; a JSON-only one nothing in a form.
		if (!accepts(profile, parsed.encoding)) return customised ? { status: 200, text: CLASS_DUMP } : json(INVALID_CALL, true, 400);
		if (!parsed.ok) {
			if (parsed.fatal) return { status: 500, text: `<b>Fatal error</b>: Uncaught Error: ${parsed.fatal}` };
			return json(INVALID_CALL, customised, 400);
		}
		// PHP 8's ArgumentCountError: the method never runs, and the reply is a bare HTTP 500.
		if (profile.service2MissingArguments === 'http-500-empty' && missingArguments(parsed.method, parsed.args).length) {
			return { status: 500, text: '' };
		}
		try {
			const result = this.call(parsed.method, parsed.args, session, url.searchParams.get('utype') ?? '');
			return result && 'status' in result && 'text' in result ? (result as Reply) : json(result, customised, 200);
		} catch (e) {
			if (e instanceof Service2Crash) return { status: 500, text: `<b>Fatal error</b>: ${e.message}` };
			if (e instanceof Service2DbFailure) return { status: 500, text: DB_FAILURE_PAGE };
			if (e instanceof GatewayTimeout) return { status: 504, text: GATEWAY_TIMEOUT_PAGE };
			if (!(e instanceof Service2Fault)) throw e;
			const [name, description] = ERRORS[e.code] ?? ['Error', ''];
			return json({ name, number: e.code, description: e.description ?? description }, customised, RESPONSE_STATUS[e.code] ?? 400);
		}
	}

	private session(id: unknown): Service2Session | undefined {
		const s = typeof id === 'string' ? this.sessions.get(id) : undefined;
		if (s && s.expiresAt <= Date.now()) {
			this.sessions.delete(s.id);
			return undefined;
		}
		return s;
	}

	private call(method: string, a: Rec, session: Service2Session | undefined, utype: string): Rec | Reply | null {
		if (method === 'login') return this.login(a, utype);
		if (!session) throw new Service2Fault(11);
		switch (method) {
			case 'logout':
				this.sessions.delete(session.id);
				// SuiteCRM's logout returns nothing: the reply is JSON `null`.
				return null;
			case 'set_note_attachment':
				return this.setNoteAttachment(session, (a.note ?? {}) as Rec);
			case 'get_note_attachment':
				return this.getNoteAttachment(session, text(a.id));
			case 'set_document_revision':
				return this.setDocumentRevision(session, (a.document_revision ?? {}) as Rec);
			case 'get_document_revision':
				return this.getDocumentRevision(session, text(a.id));
			case 'get_entry_list':
				return this.getEntryList(session, a);
			case 'get_entries_count':
				// `deleted` is not played: deleted records are never counted.
				return { result_count: this.count(this.module(session, a.module_name), text(a.query), 'count') };
			case 'set_entries':
				return this.setEntries(session, this.module(session, a.module_name), a.name_value_lists);
			default:
				return this.moduleFields(session, this.module(session, a.module_name));
		}
	}

	private login(a: Rec, utype: string): Rec {
		const auth = (a.user_auth ?? {}) as Rec;
		const index = this.host.users.findIndex((u) => u.user_name === auth.user_name);
		const user = this.host.users[index];
		const hash = text(auth.password).toLowerCase();
		if (utype !== this.host.utype || !user || hash !== md5(user.password)) throw new Service2Fault(10);
		if (user.state === 'passwordExpired') throw new Service2Fault(1008);
		if (user.state === 'lockedOut') throw new Service2Fault(1009);
		const list = Array.isArray(a.name_value_list) ? (a.name_value_list as Rec[]) : [];
		const asked = list.find((p) => p?.name === 'language')?.value;
		const language: Language = asked === 'fa_IR' ? 'fa_IR' : 'en_US';
		// A PHP session id: 26 characters.
		const session: Service2Session = {
			id: randomBytes(13).toString('hex'),
			userId: userId(user, index),
			userName: user.user_name,
			language,
			expiresAt: Date.now() + this.lifetimeMs,
		};
		this.sessions.set(session.id, session);
		const nv = (name: string, value: unknown) => ({ name, value });
		return {
			id: session.id,
			module_name: 'Users',
			name_value_list: {
				user_id: nv('user_id', session.userId),
				user_name: nv('user_name', user.user_name),
				user_language: nv('user_language', language),
				user_is_admin: nv('user_is_admin', index === 0),
			},
		};
	}

	// ---- access ----

	private denied(session: Service2Session, module: string): boolean {
		const refused = this.host.profile().refusedModule;
		return refused === module || (this.host.users.find((u) => u.user_name === session.userName)?.deniedModules ?? []).includes(module);
	}

	/** A module the session may use: 20 when the server has no such module, 40 when the role denies it. */
	private module(session: Service2Session, name: unknown): string {
		const module = text(name);
		if (!MODULE_KEYS.includes(module)) throw new Service2Fault(20);
		if (this.denied(session, module)) throw new Service2Fault(40);
		return module;
	}

	/** The file's decoded size, checked against the upload limit before anything is decoded or saved. */
	private checkSize(base64: string): void {
		const size = Buffer.byteLength(base64, 'base64');
		const limit = this.host.profile().uploadLimit;
		if (size > limit) {
			throw new Service2Fault(16, `${ERRORS[16][1]}: the file has ${size} bytes, the limit is ${limit} bytes`);
		}
	}

	private v5Session(s: Service2Session): Session {
		return { token: 'service2', userId: s.userId, userName: s.userName, language: s.language, expiresAt: s.expiresAt };
	}

	// ---- notes ----

	private setNoteAttachment(session: Service2Session, note: Rec): Rec {
		const related = text(note.related_module_name);
		const relatedId = text(note.related_module_id);
		if (related && relatedId) this.module(session, related);
		this.module(session, 'Notes');
		const rec = note.id ? this.host.store.live('Notes', text(note.id)) : undefined;
		// NoteSoap::newSaveFile answers '-1' for a missing note (it never creates one).
		if (!rec) return { id: '-1' };
		const file = text(note.file);
		const values: Rec = {};
		if (file) {
			this.checkSize(file);
			const filename = text(note.filename) || 'attachment';
			const stored: StoredFile = { filename, mime: mimeOf(filename), bytes: Buffer.from(file, 'base64') };
			this.noteFiles.set(rec, stored);
			Object.assign(values, { filename, file_mime_type: stored.mime });
		}
		if (related && relatedId)
			Object.assign(values, related === 'Contacts' ? { contact_id: relatedId } : { parent_type: related, parent_id: relatedId });
		if (Object.keys(values).length) this.host.store.update('Notes', text(rec.id), values, session.userId);
		return { id: text(rec.id) };
	}

	private getNoteAttachment(session: Service2Session, id: string): Rec {
		this.module(session, 'Notes');
		const rec = this.host.store.live('Notes', id);
		const file = rec && this.noteFiles.get(rec);
		// SuiteCRM answers an empty `file`; SarvCRM's error table has 21 for it, which the sandbox gives.
		if (!rec || !file || rec.filename !== file.filename) throw new Service2Fault(21);
		const related = rec.parent_id
			? { id: rec.parent_id, module: rec.parent_type }
			: { id: rec.contact_id, module: rec.contact_id ? 'Contacts' : '' };
		return {
			note_attachment: {
				id,
				filename: file.filename,
				file: file.bytes.toString('base64'),
				related_module_id: text(related.id),
				related_module_name: text(related.module),
			},
		};
	}

	// ---- documents ----

	private setDocumentRevision(session: Service2Session, d: Rec): Rec {
		this.module(session, 'Documents');
		const doc = d.id ? this.host.store.live('Documents', text(d.id)) : undefined;
		const file = text(d.file);
		// DocumentSoap::saveFile answers '-1' for a missing document or an empty file.
		if (!doc || !file) return { id: '-1' };
		this.checkSize(file);
		const list = this.revisions.get(doc) ?? [];
		const filename = text(d.filename) || 'document';
		const revision: Revision = {
			id: randomUuid(),
			revision: text(d.revision) || String(list.length + 1),
			filename,
			mime: mimeOf(filename),
			bytes: Buffer.from(file, 'base64'),
			date: formatDateTime(this.host.store.now()),
		};
		this.revisions.set(doc, [...list, revision]);
		const values: Rec = { document_revision_id: revision.id, revision: revision.revision, filename, last_rev_mime_type: revision.mime };
		if (!text(doc.document_name) && d.document_name) values.document_name = text(d.document_name);
		this.host.store.update('Documents', text(doc.id), values, session.userId);
		return { id: revision.id };
	}

	private getDocumentRevision(session: Service2Session, id: string): Rec {
		this.module(session, 'Documents');
		for (const doc of this.host.store.all('Documents')) {
			const revision = doc.deleted === '1' ? undefined : this.revisions.get(doc)?.find((r) => r.id === id);
			if (!revision) continue;
			const { filename, bytes } = revision;
			return {
				document_revision: {
					id,
					document_name: text(doc.document_name ?? doc.name),
					revision: revision.revision,
					filename,
					file: bytes.toString('base64'),
				},
			};
		}
		// SuiteCRM says 51 (no records) here; SarvCRM's table names 21, which the sandbox gives.
		throw new Service2Fault(21);
	}

	/** Revisions of a document, oldest first (for tests). */
	revisionsOf(documentId: string): Array<{ id: string; revision: string; filename: string; size: number }> {
		const doc = this.host.store.get('Documents', documentId);
		return (doc ? (this.revisions.get(doc) ?? []) : []).map((r) => ({
			id: r.id,
			revision: r.revision,
			filename: r.filename,
			size: r.bytes.length,
		}));
	}

	// ---- records, through the v5 emulation so WHERE, paging and access are the same ----

	private retrieve(session: Service2Session, module: string, body: Rec, withDeleted = false): Reply {
		const params = new URLSearchParams({ method: 'Retrieve', module });
		return this.host.api.handle('Retrieve', { httpMethod: 'POST', params, body, session: this.v5Session(session), withDeleted });
	}

	/** A v5 reply's rows, or the reply itself when it is not a list (MySQL's text, an error). */
	private rows(reply: Reply): Rec[] | Reply {
		if ('text' in reply) return reply;
		const data = (reply.json as Rec).data;
		if (reply.status !== 200 || !Array.isArray(data)) throw new Service2Fault(1001);
		return data as Rec[];
	}

	/**
	 * Records matching the caller's query. get_entries_count (`count`) composes its own SQL (with
	 * the bean's `<table>_cstm` join, which the v5 emulation's columns already play); under
	 * `service2CountQuery=unparenthesised` as SuiteCRM 7 does, `WHERE <query> AND <table>.deleted = 0`
	 * over every stored row. get_entry_list's total (`list`) comes from the bean's list query,
	 * `where (<query>) AND <table>.deleted=0` (SugarBean::create_new_list_query).
	 */
	private count(module: string, query: string, by: 'count' | 'list', withDeleted = false): number {
		const profile = this.host.profile();
		try {
			if (by === 'list' || profile.service2CountQuery === 'parenthesised') return this.host.api.countMatching(module, query, withDeleted);
			const deleted = `${moduleTable(module)}.deleted = 0`;
			return this.host.api.countMatching(module, query.trim() ? `${query} AND ${deleted}` : deleted, true);
		} catch (e) {
			if (profile.service2DbFailure === 'failure-page') throw new Service2DbFailure();
			// A broken WHERE is MySQL's error text in a v5 reply; service2 says invalid data.
			throw new Service2Fault(1001, (e as Error).message.slice(0, 200));
		}
	}

	private getEntryList(session: Service2Session, a: Rec): Rec | Reply {
		const module = this.module(session, a.module_name);
		const max = Number(a.max_results);
		const limit = Number.isFinite(max) && max > 0 ? Math.floor(max) : 20;
		const offset = Math.max(0, Math.floor(Number(a.offset) || 0));
		const selected = Array.isArray(a.select_fields) && a.select_fields.length ? a.select_fields.map(String) : undefined;
		const query = text(a.query);
		// v4 and v4_1: a true `deleted` adds deleted rows (v2 and v3_1 would list only those).
		const withDeleted = truthy(a.deleted) && this.host.profile().deletedRows === 'listed';
		const rows = this.rows(
			this.retrieve(
				session,
				module,
				{
					query,
					order_by: text(a.order_by),
					limit,
					offset,
					...(selected ? { selected_fields: selected } : {}),
				},
				withDeleted,
			),
		);
		if (!Array.isArray(rows)) {
			// The list query failed in the database (MySQL's text in the v5 reply).
			if (this.host.profile().service2DbFailure === 'failure-page') throw new Service2DbFailure();
			return rows;
		}
		const entry_list = rows.map((r) => ({
			id: text(r.id),
			module_name: module,
			name_value_list: Object.fromEntries(Object.entries(r).map(([name, value]) => [name, { name, value: value ?? '' }])),
		}));
		return {
			result_count: rows.length,
			total_count: this.count(module, query, 'list', withDeleted),
			next_offset: offset + rows.length,
			entry_list,
			relationship_list: [],
		};
	}

	/**
	 * No transaction, no required or enum checks; `new_with_id` keeps the given id (SugarCRM beans)
	 * unless the profile says the server ignores it. Records the user may not write are skipped
	 * silently, so `ids` can be shorter than the input and does not line up with it.
	 */
	private setEntries(session: Service2Session, module: string, lists: unknown): Rec {
		if (!Array.isArray(lists)) throw new Service2Fault(1001);
		const fields = this.host.store.fieldMap(module)!;
		const failAt = this.bulkFaults.failAtRecord;
		this.bulkFaults.failAtRecord = undefined;
		const timeOutAfter = this.bulkFaults.timeOutAfterRecord;
		this.bulkFaults.timeOutAfterRecord = undefined;
		const skip = this.bulkFaults.skip;
		const ids: string[] = [];
		lists.forEach((list, index) => {
			// The server dies on this record: the ones before it stay saved.
			if (failAt === index + 1) throw new Service2Crash(`set_entries died at record ${index + 1}`);
			if (timeOutAfter === index) throw new GatewayTimeout();
			const pairs = Array.isArray(list)
				? (list as Rec[]).map((p) => [text(p?.name), p?.value] as const)
				: Object.entries((list ?? {}) as Rec);
			const given = Object.fromEntries(pairs);
			if (skip && text(given[skip.field]) === skip.value) return;
			const values = this.host.store.looseValues(
				module,
				Object.fromEntries(pairs.filter(([k]) => fields.has(k) && !fields.get(k)!.readonly)),
			);
			const id = text(given.id);
			if (id && this.host.store.live(module, id)) {
				ids.push(text(this.host.store.update(module, id, values, session.userId).id));
				return;
			}
			const asked = given.new_with_id === true || given.new_with_id === 'true' || given.new_with_id === 1 || given.new_with_id === '1';
			const withId = id && asked && this.host.profile().newWithId === 'honoured';
			ids.push(text(this.host.store.create(module, { ...values, ...(withId ? { id } : { id: undefined }) }, session.userId).id));
		});
		return { ids };
	}

	private moduleFields(session: Service2Session, module: string): Rec {
		const entries = this.host.store.fields(module).map((d) => {
			const v5 = describeField(d, session.language);
			const options = d.options
				? Object.fromEntries(
						(OPTION_SETS[d.options] ?? []).map((o) => [o[0], { name: o[0], value: o[session.language === 'fa_IR' ? 2 : 1] }]),
					)
				: [];
			return [d.name, { ...v5, options, required: d.required ? 1 : 0 }, d.type === 'link'] as const;
		});
		const pick = (links: boolean) => Object.fromEntries(entries.filter((e) => e[2] === links).map(([name, field]) => [name, field]));
		return {
			module_name: module,
			table_name: moduleTable(module),
			module_fields: pick(false),
			link_fields: pick(true),
		};
	}
}

/** PHP's truthiness of a JSON or form argument: 1, '1', true, 'true'. */
const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

const accepts = (profile: SandboxProfile, encoding: Service2Encoding) => profile.service2 === 'both' || profile.service2 === encoding;

/** A JSON reply; the customised (JSON-body) service adds `server_response_status`. */
function json(body: Rec | null, customised: boolean, status: number): Reply {
	return { status: 200, json: customised ? { ...(body ?? {}), server_response_status: status } : body };
}

function send(res: ServerResponse, reply: Reply): number {
	if (res.destroyed || res.writableEnded) return 0;
	if ('text' in reply) {
		res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/html; charset=UTF-8' });
		res.end(reply.text);
	} else {
		res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=UTF-8' });
		res.end(JSON.stringify(reply.json));
	}
	return reply.status;
}
