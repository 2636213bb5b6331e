import type { IHttpRequestOptions } from 'n8n-workflow';

import { LruCache } from './cache';
import { credentialKey, login, type HttpRequester, type SarvLoginCredentials } from './login';

/** A reply as n8n's request helpers give it with `returnFullResponse`. */
export interface RawResponse {
	statusCode?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
}

/** What one send used and got: the token travels with it so a refusal names the right one. */
export interface SentCall {
	response: RawResponse;
	token: string;
	/** When it was sent (epoch ms): a token obtained before a refused call is suspect too */
	sentAt?: number;
}

/**
 * Sends calls with a SarvCRM session. The node's implementation keeps the token in n8n's
 * credential (n8n/sessionSender.ts).
 */
export interface SessionSender {
	/** Sends with the current token (logging in first when there is none). */
	send(options: IHttpRequestOptions): Promise<SentCall>;
	/** Sends with a new session: one login, shared by every caller that saw `refused` fail. */
	sendRenewed(options: IHttpRequestOptions, refused: string, refusedSentAt?: number): Promise<SentCall>;
}

interface LoginState {
	pending?: Promise<string>;
	token?: string;
	obtainedAt: number;
	/** Tokens the server refused: never handed out again */
	refused: string[];
}

/** Login state per credential identity, bounded like every cache of the package. */
const LOGINS = new LruCache<LoginState>(200);
/** A token younger than this, not refused, is taken as the renewal another call just made. */
const REUSE_WINDOW_MS = 30_000;
const REFUSED_KEPT = 8;

function stateOf(credentials: SarvLoginCredentials): LoginState {
	const key = credentialKey(credentials);
	let state = LOGINS.get(key);
	if (!state) {
		state = { obtainedAt: 0, refused: [] };
		LOGINS.set(key, state);
	}
	return state;
}

/**
 * Remembers that the server refused this token, so no caller reuses it. A token of this
 * process obtained before the refused call was sent is forgotten too: the server may have
 * ended it as well (an expiry ends every session of its time), while one obtained after the
 * call is the renewal another caller just made.
 */
export function markRefused(credentials: SarvLoginCredentials, token: string | undefined, sentAt?: number): void {
	if (!token) return;
	const state = stateOf(credentials);
	if (!state.refused.includes(token)) state.refused = [...state.refused.slice(-(REFUSED_KEPT - 1)), token];
	if (sentAt !== undefined && state.token && state.token !== token && state.obtainedAt < sentAt) state.token = undefined;
}

/**
 * A session token for the credential. When many calls of one credential need a new session
 * at once (the token expired under a batch), the first logs in and the others share that
 * login, so an expiry costs one login (and never trips "sessions exceeded").
 */
export async function obtainSessionToken(
	request: HttpRequester,
	credentials: SarvLoginCredentials,
	{ now = Date.now }: { now?: () => number } = {},
): Promise<string> {
	const state = stateOf(credentials);
	// A token this process obtained moments ago serves every caller until the client reports it
	// refused (markRefused). n8n also asks again, with that very token, after a dropped
	// connection: no new session then, which matters where a user may hold few (code 60).
	const fresh = state.token && now() - state.obtainedAt < REUSE_WINDOW_MS;
	if (fresh && state.token && !state.refused.includes(state.token)) return state.token;
	if (!state.pending) {
		state.pending = login(request, credentials)
			.then((token) => {
				state.token = token;
				state.obtainedAt = now();
				return token;
			})
			.finally(() => (state.pending = undefined));
	}
	return await state.pending;
}
