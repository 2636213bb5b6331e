import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { normalizeModuleFields, type SarvField } from '../metadata/fields';
import { failureFromReply, failureFromThrown, isSessionFailure, sarvApiError, type SarvErrorContext, type SarvFailure } from './errors';
import { normalizeBaseUrl, type SarvLoginCredentials } from './login';
import { obtainSessionToken, parseMaybeJson, recentLoginFailure } from './session';

export const CREDENTIAL_TYPE = 'sarvCrmApi';

export type SarvContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface SarvCall {
	method: 'Retrieve' | 'Save' | 'GetModuleFields' | 'GetRelationship' | 'SaveRelationships' | 'SearchByNumber';
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

/**
 * One client per node execution (or dropdown load): it holds the credential, the field
 * metadata of each module asked for (GetModuleFields at most once per module), and the
 * session fallback for servers that report an expired token inside an HTTP 200/403 body.
 */
export class SarvClient {
	private readonly fieldCache = new Map<string, Promise<SarvField[]>>();

	/** Set once this execution had to log in itself (body-level session failure). */
	private refreshedToken?: Promise<string>;

	private constructor(
		private readonly ctx: SarvContext,
		readonly credentials: SarvLoginCredentials,
		readonly baseUrl: string,
	) {}

	static async create(ctx: SarvContext): Promise<SarvClient> {
		const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as SarvLoginCredentials;
		return new SarvClient(ctx, credentials, normalizeBaseUrl(credentials.baseUrl));
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
		};
		if (call.body !== undefined) options.body = call.body;

		if (this.refreshedToken) return await this.sendWithToken(options, await this.refreshedToken, context, false);

		// On HTTP 401 n8n itself logs in again (preAuthentication), stores the new token for
		// later executions and retries once: the fewest calls an expiry can cost.
		const result = await this.sendAuthenticated(options);
		if (result.reply) return result.reply;
		if (result.failure && isSessionFailure(result.failure) && result.failure.httpStatus !== 401) {
			// "Invalid session" inside an HTTP 200/403 body, which n8n does not act on.
			return await this.sendWithToken(options, await this.refreshToken(), context, true);
		}
		throw sarvApiError(this.ctx.getNode(), result.failure ?? {}, context);
	}

	private async sendAuthenticated(options: IHttpRequestOptions): Promise<{ failure?: SarvFailure; reply?: SarvReply }> {
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options)) as {
				statusCode?: number;
				body?: unknown;
				headers?: Record<string, unknown>;
			};
			return this.interpret(response.statusCode, response.body, response.headers);
		} catch (error) {
			return { failure: failureFromThrown(error, recentLoginFailure(this.credentials)) };
		}
	}

	private interpret(
		statusCode: number | undefined,
		body: unknown,
		headers?: Record<string, unknown>,
	): { failure?: SarvFailure; reply?: SarvReply } {
		const failure = failureFromReply(statusCode, body, headers);
		if (failure) return { failure };
		const parsed = parseMaybeJson(body) as IDataObject;
		return { reply: { status: Number(parsed.status ?? statusCode ?? 200), message: parsed.message, data: parsed.data } };
	}

	private refreshToken(): Promise<string> {
		if (!this.refreshedToken) {
			// Forced: the token n8n holds may be the very one the server just refused.
			this.refreshedToken = obtainSessionToken(async (o) => await this.ctx.helpers.httpRequest(o), this.credentials, {
				force: true,
			});
		}
		return this.refreshedToken;
	}

	private async sendWithToken(
		options: IHttpRequestOptions,
		token: string,
		context: SarvErrorContext,
		firstTryWithThisToken: boolean,
	): Promise<SarvReply> {
		let failure: SarvFailure | undefined;
		try {
			const response = (await this.ctx.helpers.httpRequest({
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${token}` },
				ignoreHttpStatusErrors: true,
			})) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
			const result = this.interpret(response.statusCode, response.body, response.headers);
			if (result.reply) return result.reply;
			failure = result.failure;
		} catch (error) {
			failure = failureFromThrown(error);
		}
		if (failure && isSessionFailure(failure) && !firstTryWithThisToken) {
			// The token this execution logged in for expired too: one more login, then give up.
			this.refreshedToken = undefined;
			return await this.sendWithToken(options, await this.refreshToken(), context, true);
		}
		throw sarvApiError(this.ctx.getNode(), failure ?? {}, context);
	}

	/** GetModuleFields, once per module for the lifetime of this client. */
	async fields(module: string, context: SarvErrorContext = { operation: 'getFields', module }): Promise<SarvField[]> {
		let cached = this.fieldCache.get(module);
		if (!cached) {
			cached = this.request({ method: 'GetModuleFields', httpMethod: 'GET', module }, context).then((r) =>
				normalizeModuleFields(r.data),
			);
			// A failed load is not cached, so a later item can try again.
			cached.catch(() => this.fieldCache.delete(module));
			this.fieldCache.set(module, cached);
		}
		return await cached;
	}
}
