import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { learnCustomTable, type ColumnLayout } from './columns';
import { classifyReply, classifyThrown } from './failure';
import { recordLinks } from './links';
import { fetchPages, MAX_PAGE_SIZE, type PagingOptions } from './paging';
import { asRecordList, parseMaybeJson } from './replies';
import type { SarvModule } from './modules';
import { serverKnowledge, type ServerKnowledge } from './server';
import type { SentCall, SessionSender } from './session';
import { sendWithSession, type Attempt } from './transport';

export type SarvMethod = 'Retrieve' | 'Save' | 'GetModuleFields' | 'GetRelationship' | 'SaveRelationships' | 'SearchByNumber';

export interface SarvCall {
	method: SarvMethod;
	httpMethod: IHttpRequestMethods;
	module?: string;
	id?: string;
	qs?: IDataObject;
	body?: IDataObject;
}

export interface SarvReply {
	status: number;
	message: unknown;
	data: unknown;
}

/** Where a listing comes from: Retrieve of a module, or GetRelationship of one record. */
export interface ListSource {
	method: 'Retrieve' | 'GetRelationship';
	module: string;
	id?: string;
	qs?: IDataObject;
}

/** Body of Retrieve / GetRelationship, without the paging keys. */
export interface ListRequest {
	query?: string;
	order_by?: string;
	selected_fields?: string[];
}

/** One send through the session sender, read by v5's classifier (any 401/403 asks for a new session). */
async function attempt(send: () => Promise<SentCall>): Promise<Attempt<SarvReply>> {
	let sent: SentCall;
	try {
		sent = await send();
	} catch (error) {
		return { failure: classifyThrown(error) };
	}
	const { statusCode, body, headers } = sent.response;
	const failure = classifyReply(statusCode, body, headers);
	if (failure) return { failure, session: sent.token, sentAt: sent.sentAt };
	const parsed = parseMaybeJson(body) ?? {};
	const answer = { status: Number(parsed.status ?? statusCode ?? 200), message: parsed.message, data: parsed.data };
	return { answer, session: sent.token, sentAt: sent.sentAt };
}

/**
 * SarvCRM's v5 API: its methods over the one transport (transport.ts), which sends with the
 * session, reads every reply into data or one classified failure, and renews the session once
 * when the failure says it may help; its listings learn the server (server.ts).
 */
export class SarvClient {
	constructor(
		private readonly sender: SessionSender,
		readonly baseUrl: string,
		readonly utype: string,
	) {}

	/** What is known of this server (both APIs learn it). */
	get server(): ServerKnowledge {
		return serverKnowledge(this.baseUrl);
	}

	/** Where this server keeps custom columns, as learned so far. */
	get columns(): ColumnLayout {
		return this.server.columns;
	}

	private links?: (module: string, id: string) => string;

	recordUrl(module: string, id: string): string {
		this.links ??= recordLinks(this.baseUrl, this.utype);
		return this.links(module, id);
	}

	async request(call: SarvCall): Promise<SarvReply> {
		const options: IHttpRequestOptions = {
			method: call.httpMethod,
			url: this.baseUrl,
			qs: { method: call.method, ...(call.module ? { module: call.module } : {}), ...(call.id ? { id: call.id } : {}), ...call.qs },
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			// Status errors come back as replies, keeping SarvCRM's body, Retry-After, an error page's text.
			ignoreHttpStatusErrors: true,
			// A redirect would carry the Authorization header to whatever host it names.
			disableFollowRedirect: true,
		};
		if (call.body !== undefined) options.body = call.body;
		return await sendWithSession({
			send: async () => await attempt(() => this.sender.send(options)),
			// Any 401/403, in the status or the body: one new session (shared), one retry.
			sendRenewed: async (refused) => await attempt(() => this.sender.sendRenewed(options, refused.session ?? '', refused.sentAt)),
			renews: (failure) => failure.relogin,
			server: this.server,
			site: { module: call.module, recordId: call.id },
		});
	}

	/**
	 * A Retrieve listing whose request is built from this server's column layout: built again
	 * and sent once more when the server refuses a custom column where it was looked for.
	 */
	async listModule(module: SarvModule, build: (columns: ColumnLayout) => ListRequest, paging: PagingOptions = {}): Promise<IDataObject[]> {
		const source: ListSource = { method: 'Retrieve', module: module.key };
		const first = await this.list(source, build(this.columns), paging).then(
			(records) => ({ records }),
			(refused: unknown) => ({ refused }),
		);
		if ('records' in first) return first.records;
		// Anything but a refused custom column stays the failure it is (a SarvApiError).
		if (!learnCustomTable(first.refused, module, this.columns)) return await Promise.reject(first.refused);
		return await this.list(source, build(this.columns), paging);
	}

	/** The records of a listing, page by page (see fetchPages for when paging stops). */
	async list(source: ListSource, request: ListRequest, paging: PagingOptions = {}): Promise<IDataObject[]> {
		const { method, module, id, qs } = source;
		// Any module-wide page holds min(cap, records): if more than a short page, that page was the end.
		const probe = async () => {
			const reply = await this.request({
				method: 'Retrieve',
				httpMethod: 'POST',
				module,
				body: { selected_fields: ['id'], limit: MAX_PAGE_SIZE, offset: 0 },
			});
			return asRecordList(reply.data).length;
		};
		return await fetchPages(
			async (offset, limit) => {
				const reply = await this.request({ method, httpMethod: 'POST', module, id, qs, body: { ...request, limit, offset } });
				const records = asRecordList(reply.data);
				return paging.each ? records.map(paging.each) : records;
			},
			{ memory: this.server.paging, probe, ...paging },
		);
	}
}
