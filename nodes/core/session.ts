/**
 * Sessions, one implementation for v5 and service2: the pool (coalesced logins, refused sessions
 * never reused, shared renewals), v5's token for the credential's preAuthentication, and the
 * `SessionSender` through which v5 sends with the token n8n keeps.
 */
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

interface SessionState {
	pending?: Promise<string>;
	token?: string;
	obtainedAt: number;
	/** Sessions the server refused: never handed out again */
	refused: string[];
}

const REFUSED_KEPT = 8;

/**
 * The one session-and-renewal implementation, for v5 and service2 alike: per key (a credential's
 * identity, and for service2 its address too), one login at a time shared by every caller that
 * needs it, refused sessions never handed out again, and a renewal after a refusal shared by
 * every caller that saw that session refused. Bounded, like every cache of the package.
 */
export class SessionPool {
	private readonly states = new LruCache<SessionState>(200);

	private stateOf(key: string): SessionState {
		let state = this.states.get(key);
		if (!state) this.states.set(key, (state = { obtainedAt: 0, refused: [] }));
		return state;
	}

	/**
	 * The session to call with: the current one (while younger than `freshFor`, and not refused),
	 * or one login shared by every caller waiting for it.
	 */
	async obtain(key: string, login: () => Promise<string>, { freshFor = Infinity, now = Date.now } = {}): Promise<string> {
		const state = this.stateOf(key);
		const fresh = state.token && now() - state.obtainedAt < freshFor;
		if (fresh && state.token && !state.refused.includes(state.token)) return state.token;
		state.pending ??= login()
			.then((token) => {
				state.token = token;
				state.obtainedAt = now();
				return token;
			})
			.finally(() => (state.pending = undefined));
		return await state.pending;
	}

	/**
	 * Remembers that the server refused this session, so no caller reuses it. A session obtained
	 * before the refused call was sent is forgotten too: the server may have ended it as well (an
	 * expiry ends every session of its time), while one obtained after the call is the renewal
	 * another caller just made.
	 */
	refuse(key: string, token: string | undefined, sentAt?: number): void {
		if (!token) return;
		const state = this.stateOf(key);
		// A session refused before says nothing new: a call made with it late (an execution that read
		// the credential before the renewal was stored) must not cost the renewal another login.
		const news = !state.refused.includes(token);
		if (news) state.refused = [...state.refused.slice(-(REFUSED_KEPT - 1)), token];
		if (state.token === token || (news && sentAt !== undefined && state.token && state.obtainedAt < sentAt)) state.token = undefined;
	}

	/** A new session after `refused` was refused: the renewal another caller made, or one login. */
	async renew(key: string, refused: string, login: () => Promise<string>, sentAt?: number): Promise<string> {
		this.refuse(key, refused, sentAt);
		return await this.obtain(key, login);
	}

	/** The current session, if any (never refused). */
	current(key: string): string | undefined {
		const { token, refused } = this.stateOf(key);
		return token && !refused.includes(token) ? token : undefined;
	}

	/** Forgets the current session (after logout) and answers it. */
	drop(key: string): string | undefined {
		const state = this.stateOf(key);
		const token = state.token;
		state.token = undefined;
		return token;
	}
}

/** Every session of the process, v5 and service2 (their keys differ). */
export const SESSIONS = new SessionPool();

/** A token younger than this, not refused, is taken as the renewal another call just made. */
const REUSE_WINDOW_MS = 30_000;

const v5Key = (credentials: SarvLoginCredentials) => `v5\u0000${credentialKey(credentials)}`;

/** Remembers that the server refused this v5 token (see SessionPool.refuse). */
export function markRefused(credentials: SarvLoginCredentials, token: string | undefined, sentAt?: number): void {
	SESSIONS.refuse(v5Key(credentials), token, sentAt);
}

/**
 * A v5 session token for the credential (n8n's preAuthentication asks for it). When many calls of
 * one credential need a new session at once (the token expired under a batch), the first logs in
 * and the others share that login, so an expiry costs one login (and never trips "sessions
 * exceeded"). A token this process obtained moments ago serves every caller until the client
 * reports it refused: n8n also asks again, with that very token, after a dropped connection, and
 * no new session then matters where a user may hold few (code 60).
 */
export async function obtainSessionToken(
	request: HttpRequester,
	credentials: SarvLoginCredentials,
	{ now = Date.now }: { now?: () => number } = {},
): Promise<string> {
	return await SESSIONS.obtain(v5Key(credentials), async () => await login(request, credentials), { freshFor: REUSE_WINDOW_MS, now });
}
