/**
 * A SessionSender that keeps its token in memory and logs in through the core's shared
 * login: what the client's renewal is unit-tested with (n8n's sender keeps it in the credential).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpRequester, SarvLoginCredentials } from '../../../nodes/core/login';
import { markRefused, obtainSessionToken, type RawResponse, type SentCall, type SessionSender } from '../../../nodes/core/session';

export function ownLoginSender(request: HttpRequester, credentials: SarvLoginCredentials): SessionSender {
	let current: Promise<string> | undefined;
	const sendWith = async (options: IHttpRequestOptions, token: string): Promise<SentCall> => {
		const sentAt = Date.now();
		const response = (await request({
			...options,
			headers: { ...options.headers, Authorization: `Bearer ${token}` },
			ignoreHttpStatusErrors: true,
		})) as RawResponse;
		return { response, token, sentAt };
	};
	return {
		async send(options) {
			// A failed login is not kept: the next send tries again.
			current ??= obtainSessionToken(request, credentials).catch((error: unknown) => {
				current = undefined;
				throw error;
			});
			return await sendWith(options, await current);
		},
		async sendRenewed(options, refused, refusedSentAt) {
			markRefused(credentials, refused, refusedSentAt);
			current = obtainSessionToken(request, credentials);
			return await sendWith(options, await current);
		},
	};
}
