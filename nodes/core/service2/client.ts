/**
 * SarvCRM's service2, on the same credential as v5: files on Notes and Documents, counts and bulk
 * writes. Its methods go over the one transport (../transport.ts) with the one session pool
 * (../session.ts): a call reads into a result or one SarvApiError; error 11 (the session ended)
 * costs one shared login and one retry.
 *
 * In a node: `new Service2Client((o) => this.helpers.httpRequest(o), (await this.getCredentials('sarvCrmApi')) as unknown as
 * Service2Credentials)`; the probe and tests pass a fetch-based requester (scripts/probe/requester.ts).
 */
import { createHash, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { SarvApiError, SarvInputError, type SarvCallSite } from '../errors';
import { sarvError, type SarvFailure } from '../failure';
import { credentialKey, type HttpRequester, type SarvLoginCredentials } from '../login';
import { serverKnowledge, type ServerKnowledge } from '../server';
import { SESSIONS } from '../session';
import { sendWithSession, type Attempt } from '../transport';
import { asOneGroup } from '../where';
import { resolveService2Url } from './address';
import { ensureEncoding, exchange, sendOnce, service2Login, type Service2Link } from './exchange';
import { service2Absent, service2ErrorOf, service2Other, withFileSize } from './failure';
import { SERVICE2_PARAMS, type Service2Args, type Service2Encoding } from './protocol';

/** The credential's fields service2 reads: the v5 login fields and the optional address. */
export interface Service2Credentials extends SarvLoginCredentials {
	/** Overrides the address derived from the Base URL */
	service2Url?: string;
}

export interface NoteFile {
	/** The note the file is attached to */
	id: string;
	filename: string;
	data: Buffer;
	relatedModuleId: string;
	relatedModuleName: string;
}

export interface DocumentRevisionFile {
	/** The revision's id */
	id: string;
	documentName: string;
	revision: string;
	filename: string;
	data: Buffer;
}

export interface EntryListOptions {
	query?: string;
	orderBy?: string;
	offset?: number;
	selectFields?: string[];
	/** SuiteCRM reads 0 or less as 20 */
	maxResults?: number;
	deleted?: boolean;
}

export interface EntryList {
	resultCount: number;
	totalCount?: number;
	nextOffset: number;
	/** Records with plain values (service2's `name_value_list` unwrapped) */
	records: IDataObject[];
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
/** A session id the server never issued (PHP's length): what the read-only probe calls with. */
const bogusSession = () => randomBytes(13).toString('hex');

/**
 * The session is over: error 11, or (a customised server) `server_response_status` 401 without a
 * number. Not 40: a new session of the same user is denied the same.
 */
export function sessionEnded(failure: SarvFailure): boolean {
	return failure.code === 11 || (failure.code === undefined && failure.kind === 'session');
}

/** `{f: {name, value}}` or `[{name, value}]` to `{f: value}`. */
export function unwrapNameValues(list: unknown): IDataObject {
	const pairs = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
	return Object.fromEntries(
		pairs
			.filter((p): p is IDataObject => !!p && typeof p === 'object' && typeof (p as IDataObject).name === 'string')
			.map((p) => [p.name as string, p.value]),
	);
}

/** `{f: value}` to service2's `[{name, value}]`. */
export function toNameValues(record: IDataObject): Array<{ name: string; value: unknown }> {
	return Object.entries(record).map(([name, value]) => ({ name, value }));
}

export class Service2Client {
	/** The service2 address this client calls */
	readonly url: string;
	/** What is known of this server (both APIs learn it) */
	readonly server: ServerKnowledge;
	private readonly link: Service2Link;
	/** This credential's service2 sessions in the one pool: credential identity and address, hashed */
	private readonly sessionKey: string;

	constructor(
		request: HttpRequester,
		private readonly credentials: Service2Credentials,
	) {
		const resolved = resolveService2Url(credentials.baseUrl, credentials.utype, credentials.service2Url);
		if ('problem' in resolved) {
			throw new SarvInputError(resolved.problem, 'service2Url', 'Fix the Base URL or the Service2 URL of the SarvCRM credential.');
		}
		this.url = resolved.url;
		this.server = serverKnowledge(credentials.baseUrl);
		this.link = { request, url: this.url, known: this.server.service2 };
		this.sessionKey = `s2\u0000${createHash('sha256')
			.update(`${credentialKey(credentials)}\u0000${this.url}`)
			.digest('hex')}`;
	}

	/** The encoding this server was found to take, once a call has found it. */
	get encoding(): Service2Encoding | undefined {
		return this.server.service2.encoding;
	}

	/** Makes sure a session exists (one login, shared; reused while the server accepts it). */
	async login(): Promise<void> {
		await this.session();
	}

	/** Ends this credential's service2 session, if one is open. */
	async logout(): Promise<void> {
		const id = SESSIONS.drop(this.sessionKey);
		if (id) await exchange(this.link, 'logout', { session: id });
	}

	private async session(): Promise<string> {
		return await SESSIONS.obtain(this.sessionKey, async () => await service2Login(this.link, this.credentials));
	}

	/**
	 * One method with the session as its first argument; renewed once on error 11. Answers the
	 * result (null for a method that answers nothing), or throws one SarvApiError.
	 */
	async call(method: string, args: Service2Args, site: SarvCallSite = {}): Promise<IDataObject | null> {
		return await sendWithSession({
			send: async () => await this.attempt(method, args, await this.session()),
			sendRenewed: async (refused) => {
				const login = async () => await service2Login(this.link, this.credentials);
				return await this.attempt(method, args, await SESSIONS.renew(this.sessionKey, refused.session ?? '', login));
			},
			renews: sessionEnded,
			server: this.server,
			site,
		});
	}

	/** One exchange, read by service2's classifier (its error objects); HTTP-level failures throw. */
	private async attempt(method: string, args: Service2Args, session: string): Promise<Attempt<IDataObject | null>> {
		const body = await exchange(this.link, method, { ...args, session });
		const failure = service2ErrorOf(body);
		return failure ? { failure, session } : { answer: body, session };
	}

	async setNoteAttachment(note: {
		noteId: string;
		filename: string;
		data: Buffer;
		relatedModuleId?: string;
		relatedModuleName?: string;
	}): Promise<{ id: string }> {
		const args = {
			note: {
				id: note.noteId,
				filename: note.filename,
				file: note.data,
				related_module_id: note.relatedModuleId ?? '',
				related_module_name: note.relatedModuleName ?? '',
			},
		};
		const body = await this.withSize(note.data.length, this.call('set_note_attachment', args, { module: 'Notes', recordId: note.noteId }));
		return { id: this.savedId(body, 'Notes', note.noteId, 'The note does not exist (or was deleted), so no file was attached') };
	}

	async getNoteAttachment(noteId: string): Promise<NoteFile> {
		const body = await this.call('get_note_attachment', { id: noteId }, { module: 'Notes', recordId: noteId });
		const found = (body?.note_attachment ?? {}) as IDataObject;
		const file = text(found.file);
		// SuiteCRM answers a note without a file with an empty one (and -1 when it is lost on disk).
		if (!file || file === '-1' || !text(found.filename)) throw this.noFile('Notes', noteId, 'The note has no file attached');
		return {
			id: text(found.id) || noteId,
			filename: text(found.filename),
			data: Buffer.from(file, 'base64'),
			relatedModuleId: text(found.related_module_id),
			relatedModuleName: text(found.related_module_name),
		};
	}

	async setDocumentRevision(revision: {
		documentId: string;
		filename: string;
		data: Buffer;
		documentName?: string;
		revision?: string;
	}): Promise<{ id: string }> {
		const args = {
			document_revision: {
				id: revision.documentId,
				document_name: revision.documentName ?? '',
				revision: revision.revision ?? '',
				filename: revision.filename,
				file: revision.data,
			},
		};
		const site = { module: 'Documents', recordId: revision.documentId };
		const body = await this.withSize(revision.data.length, this.call('set_document_revision', args, site));
		return {
			id: this.savedId(
				body,
				'Documents',
				revision.documentId,
				'The document does not exist (or the file was empty), so no revision was added',
			),
		};
	}

	async getDocumentRevision(revisionId: string): Promise<DocumentRevisionFile> {
		const body = await this.call('get_document_revision', { id: revisionId }, { module: 'Documents', recordId: revisionId });
		const found = (body?.document_revision ?? {}) as IDataObject;
		if (!text(found.filename)) throw this.noFile('Documents', revisionId, 'The document revision does not exist or has no file');
		return {
			id: text(found.id) || revisionId,
			documentName: text(found.document_name),
			revision: text(found.revision),
			filename: text(found.filename),
			data: Buffer.from(text(found.file), 'base64'),
		};
	}

	async getEntriesCount(module: string, query = '', deleted = false): Promise<number> {
		// Every query service2 gets is one group: SuiteCRM ANDs its deleted clause after it unparenthesised.
		const body = await this.call(
			'get_entries_count',
			{ module_name: module, query: asOneGroup(query), deleted: deleted ? 1 : 0 },
			{ module },
		);
		return Number(body?.result_count ?? 0);
	}

	/** Saves each record (an `id` updates); no transaction: `ids` may be shorter than the input. */
	async setEntries(module: string, records: IDataObject[]): Promise<string[]> {
		const body = await this.call('set_entries', { module_name: module, name_value_lists: records.map(toNameValues) }, { module });
		return Array.isArray(body?.ids) ? (body.ids as unknown[]).map(text) : [];
	}

	async getEntryList(module: string, options: EntryListOptions = {}): Promise<EntryList> {
		const args = {
			module_name: module,
			query: asOneGroup(options.query ?? ''),
			order_by: options.orderBy ?? '',
			offset: options.offset ?? 0,
			select_fields: options.selectFields ?? [],
			link_name_to_fields_array: [],
			max_results: options.maxResults ?? 0,
			deleted: options.deleted ? 1 : 0,
		};
		const body = await this.call('get_entry_list', args, { module });
		const entries = Array.isArray(body?.entry_list) ? (body.entry_list as IDataObject[]) : [];
		const records = entries.map((e) => ({ ...unwrapNameValues(e.name_value_list), id: text(e.id) }));
		const total = body?.total_count;
		return {
			resultCount: Number(body?.result_count ?? records.length),
			...(total !== undefined && total !== null && total !== '' ? { totalCount: Number(total) } : {}),
			nextOffset: Number(body?.next_offset ?? (options.offset ?? 0) + records.length),
			records,
		};
	}

	/**
	 * Whether the server has this method, read-only: it is called with a session the server never
	 * issued (login with an empty user), so a method that exists refuses it (10, 11) and one that does
	 * not is an invalid call. The encoding is found first by such a login.
	 */
	async methodExists(method: string): Promise<boolean> {
		if (method === 'login') return !!(await ensureEncoding(this.link));
		const names = (SERVICE2_PARAMS as Record<string, readonly string[]>)[method];
		const args: Service2Args = { session: bogusSession(), ...(names?.includes('module_name') ? { module_name: 'Accounts' } : {}) };
		const { request, url } = this.link;
		let shape = await sendOnce(request, url, await ensureEncoding(this.link), method, args);
		if (shape.type === 'notUnderstood') {
			// A remembered encoding the server may no longer read: found again once before saying no.
			this.server.service2.encoding = undefined;
			shape = await sendOnce(request, url, await ensureEncoding(this.link), method, args);
		}
		if (shape.type === 'json') return true;
		if (shape.type === 'notUnderstood') return false;
		throw sarvError(shape.type === 'absent' ? service2Absent(this.url) : service2Other(this.url, shape));
	}

	/** Whether this credential holds a service2 session now (never the id itself). */
	get hasSession(): boolean {
		return !!SESSIONS.current(this.sessionKey);
	}

	private async withSize(bytes: number, call: Promise<IDataObject | null>): Promise<IDataObject | null> {
		const outcome = await call.then(
			(body) => ({ body }),
			(error: unknown) => ({ error }),
		);
		if (!('error' in outcome)) return outcome.body;
		const { error } = outcome;
		if (error instanceof SarvApiError && error.failure.code === 16) throw sarvError(withFileSize(error.failure, bytes), {}, error.site);
		return await Promise.reject(error);
	}

	/** The saved record's id; SuiteCRM answers '-1' when the note or document is missing. */
	private savedId(body: IDataObject | null, module: string, recordId: string, message: string): string {
		const id = text(body?.id);
		if (id && id !== '-1') return id;
		const hint = `Check the ${module === 'Notes' ? 'note' : 'document'} id: it must be an existing record.`;
		throw sarvError('notFound', { code: 22, message, hint }, { module, recordId });
	}

	private noFile(module: string, recordId: string, message: string): SarvApiError {
		return sarvError('notFound', { code: 21, message, hint: 'Check the id: there is no file to download for it.' }, { module, recordId });
	}
}
