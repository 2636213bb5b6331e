import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { LruCache } from '../metadata/cache';
import { normalizeModuleFields, type SarvField } from '../metadata/fields';
import { failureFromReply, failureFromThrown, isSessionFailure, sarvApiError, type SarvErrorContext, type SarvFailure } from './errors';
import { credentialKey, normalizeBaseUrl, type SarvLoginCredentials } from './login';
import { fetchPages } from './paging';
import { obtainSessionToken, parseMaybeJson, recentLoginFailure, SarvLoginError } from './session';

export const CREDENTIAL_TYPE = 'sarvCrmApi';

/** Field lists of recent executions; an execution needs a handful of modules at most. */
const FIELD_CACHE = new LruCache<Promise<SarvField[]>>(200);
let clientCount = 0;

export type SarvContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface SarvCall {
	method: 'Retrieve' | 'Save' | 'GetModuleFields' | 'GetRelationship' | 'SaveRelationships' | 'SearchByNumber';
	httpMethod: IHttpRequestMethods;
	module?: string;
	id?: string;
	qs?: IDataObject;
	body?: IDataObject;
}

type RawResponse = { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
type Outcome = { failure?: SarvFailure; reply?: SarvReply };

export interface SarvReply {
	status: number;
	message: unknown;
	data: unknown;
}

/** Records of a Retrieve-style reply: `data` is a list (an object of records is accepted too). */
export function asRecordList(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.filter((r): r is IDataObject => !!r && typeof r === 'object');
	if (data && typeof data === 'object') return Object.values(data as IDataObject).filter((r): r is IDataObject => !!r && typeof r === 'object');
	return [];
}

/** Where a listing comes from: Retrieve of a module, or GetRelationship of one record. */
export interface ListSource {
	method: 'Retrieve' | 'GetRelationship';
	module: string;
	id?: string;
	qs?: IDataObject;
}

/**
 * One client per node run (or dropdown load): it holds the credential, reads field metadata
 * through the execution-wide cache (GetModuleFields at most once per module per workflow
 * execution), turns replies into data or NodeApiErrors, and falls back to its own login for
 * servers that report an expired session inside an HTTP 200/403 body.
 */
export class SarvClient {
	/** Set once this execution had to log in itself (see sendWithOwnToken). */
	private ownToken?: { token: Promise<string>; replaces?: string };

	private constructor(
		private readonly ctx: SarvContext,
		readonly credentials: SarvLoginCredentials,
		readonly baseUrl: string,
		/** What may share field metadata: the workflow execution, else this client alone */
		private readonly scope: string,
	) {}

	static async create(ctx: SarvContext): Promise<SarvClient> {
		const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as SarvLoginCredentials;
		const executionId = 'getExecutionId' in ctx ? ctx.getExecutionId() : undefined;
		const scope = `${executionId || `client-${++clientCount}`}\u0000${credentialKey(credentials)}`;
		return new SarvClient(ctx, credentials, normalizeBaseUrl(credentials.baseUrl), scope);
	}

	/** Where a record opens in the SarvCRM web app. */
	recordUrl(module: string, id: string): string {
		const base = new URL(this.baseUrl);
		const path = base.pathname.replace(/[^/]*$/, 'index.php');
		const qs = new URLSearchParams({ utype: String(this.credentials.utype), module, action: 'DetailView', record: id });
		return `${base.origin}${path}?${qs.toString()}`;
	}

	async request(call: SarvCall, context: SarvErrorContext): Promise<SarvReply> {
		const options: IHttpRequestOptions = {
			method: call.httpMethod,
			url: this.baseUrl,
			qs: { method: call.method, ...(call.module ? { module: call.module } : {}), ...(call.id ? { id: call.id } : {}), ...call.qs },
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			// A redirect would carry the Authorization header to whatever host it names.
			disableFollowRedirect: true,
		};
		if (call.body !== undefined) options.body = call.body;

		if (this.ownToken) return await this.sendWithOwnToken(options, context);

		// Status errors come back as replies, not as n8n errors that would drop the body
		// (SarvCRM's code, Retry-After, the text of an error page).
		let result = await this.sendAuthenticated({ ...options, ignoreHttpStatusErrors: true });
		if (result.failure && isSessionFailure(result.failure) && result.failure.httpStatus === 401) {
			// Sent again so that n8n sees the 401: it logs in (preAuthentication), stores the
			// token for later executions and retries once. Concurrent items share that login.
			result = await this.sendAuthenticated(options);
		}
		if (result.failure && isSessionFailure(result.failure)) {
			// A session error in an HTTP 200/403 body, which n8n does not act on, or a token
			// that the server refused right after n8n's refresh: the node logs in itself.
			return await this.sendWithOwnToken(options, context);
		}
		if (result.reply) return result.reply;
		throw sarvApiError(this.ctx.getNode(), result.failure ?? {}, context);
	}

	private async sendAuthenticated(options: IHttpRequestOptions): Promise<Outcome> {
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options)) as RawResponse;
			return this.interpret(response);
		} catch (error) {
			return { failure: failureFromThrown(error, recentLoginFailure(this.credentials)) };
		}
	}

	/** With a token the node logged in for; one forced login more if the server refuses it too. */
	private async sendWithOwnToken(options: IHttpRequestOptions, context: SarvErrorContext): Promise<SarvReply> {
		const token = await this.tokenOrFail(context);
		let result = await this.sendWithToken(options, token);
		if (result.failure && isSessionFailure(result.failure)) {
			result = await this.sendWithToken(options, await this.tokenOrFail(context, token));
		}
		if (result.reply) return result.reply;
		throw sarvApiError(this.ctx.getNode(), result.failure ?? {}, context);
	}

	private async sendWithToken(options: IHttpRequestOptions, token: string): Promise<Outcome> {
		try {
			const response = (await this.ctx.helpers.httpRequest({
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${token}` },
				ignoreHttpStatusErrors: true,
			})) as RawResponse;
			return this.interpret(response);
		} catch (error) {
			return { failure: failureFromThrown(error) };
		}
	}

	private interpret(response: RawResponse): Outcome {
		const failure = failureFromReply(response.statusCode, response.body, response.headers);
		if (failure) return { failure };
		const parsed = parseMaybeJson(response.body) as IDataObject;
		return { reply: { status: Number(parsed.status ?? response.statusCode ?? 200), message: parsed.message, data: parsed.data } };
	}

	/**
	 * The node's own token, shared by all items of this execution. Without `refused` it may
	 * be a token another request of this credential just obtained; with it, a new login
	 * replaces the refused token (once, however many items saw it fail).
	 */
	private async tokenOrFail(context: SarvErrorContext, refused?: string): Promise<string> {
		if (!this.ownToken || (refused !== undefined && this.ownToken.replaces !== refused)) {
			const request = async (o: IHttpRequestOptions) => await this.ctx.helpers.httpRequest(o);
			this.ownToken = {
				replaces: refused,
				token: obtainSessionToken(request, this.credentials, { force: refused !== undefined }),
			};
		}
		const outcome = await this.ownToken.token.then(
			(token) => ({ token }),
			(error: unknown) => ({ error }),
		);
		if ('token' in outcome) return outcome.token;
		const failure =
			outcome.error instanceof SarvLoginError
				? { code: outcome.error.code, httpStatus: outcome.error.httpStatus, serverMessage: outcome.error.message, hint: outcome.error.hint }
				: failureFromThrown(outcome.error);
		throw sarvApiError(this.ctx.getNode(), failure, context);
	}

	/** Every page of a listing (or up to `max` records), with the fewest calls: see fetchPages. */
	async list(
		source: ListSource,
		request: IDataObject,
		context: SarvErrorContext,
		paging: { pageSize?: number; max?: number } = {},
	): Promise<IDataObject[]> {
		return await fetchPages(async (offset, limit) => {
			const { method, module, id, qs } = source;
			const reply = await this.request({ method, httpMethod: 'POST', module, id, qs, body: { ...request, limit, offset } }, context);
			return asRecordList(reply.data);
		}, paging);
	}

	/**
	 * GetModuleFields, once per module per workflow execution, however many items and
	 * SarvCRM nodes need it (the credential is part of the key: its language sets the labels).
	 */
	async fields(module: string, context: SarvErrorContext = { operation: 'getFields', module }): Promise<SarvField[]> {
		const key = `${this.scope}\u0000${module}`;
		let cached = FIELD_CACHE.get(key);
		if (!cached) {
			cached = this.request({ method: 'GetModuleFields', httpMethod: 'GET', module }, context).then((r) =>
				normalizeModuleFields(r.data),
			);
			// A failed load is not cached, so a later item can try again.
			cached.catch(() => FIELD_CACHE.delete(key));
			FIELD_CACHE.set(key, cached);
		}
		return await cached;
	}
}
