/**
 * service2's own session and the encoding each server takes, both remembered process-wide
 * (bounded, like ../session.ts): one login per credential and expiry, shared by every caller and
 * reused across executions; the encoding found once per server address.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { LruCache } from '../cache';
import { findSarvApiError } from '../errors';
import { classifyThrown, failureOf, sarvError } from '../failure';
import { buildLoginBody, credentialKey, type HttpRequester, type SarvLoginCredentials } from '../login';
import {
	service2Absent,
	service2BodyDropped,
	service2ErrorOf,
	service2LoginFailure,
	service2NoMethod,
	service2NotUnderstood,
	service2Other,
} from './failure';
import { hasFiles } from './body';
import { ENCODINGS, replyShape, service2Request, type ReplyShape, type Service2Args, type Service2Encoding } from './protocol';

/** Encoding per service2 address. */
const ENCODING_BY_SERVER = new LruCache<Service2Encoding>(200);
/** A detection under way per address: concurrent first calls wait for it instead of trying too. */
const DETECTING = new Map<string, Promise<{ error?: unknown }>>();

export function knownEncoding(url: string): Service2Encoding | undefined {
	return ENCODING_BY_SERVER.get(url);
}

/** For tests and the probe: forget what a server was found to take. */
export function forgetEncoding(url: string): void {
	ENCODING_BY_SERVER.delete(url);
}

/** One HTTP exchange in one encoding, read into its shape; a thrown error becomes a SarvApiError. */
export async function sendOnce(
	request: HttpRequester,
	url: string,
	encoding: Service2Encoding,
	method: string,
	args: Service2Args,
): Promise<ReplyShape> {
	const sent = await request(service2Request(url, encoding, method, args)).then(
		(response) => ({ response: response as { statusCode?: number; body?: unknown } | undefined }),
		(error: unknown) => ({ error }),
	);
	// Only the classification survives: the thrown error carries the request (MD5, session, file).
	if ('error' in sent) throw sarvError(classifyThrown(sent.error));
	return replyShape(sent.response?.statusCode, sent.response?.body);
}

/** The JSON body of a reply, or the one failure that ends the call (absent, not service2, HTTP error). */
function bodyOrThrow(url: string, shape: ReplyShape): IDataObject | null {
	if (shape.type === 'json') return shape.body;
	if (shape.type === 'absent') throw sarvError(service2Absent(url));
	if (shape.type === 'notUnderstood') throw sarvError(service2NotUnderstood(url, shape.text));
	throw sarvError(service2Other(url, shape));
}

/**
 * Tries each encoding with this call until one is read, and remembers it. An HTTP error in one
 * encoding may be how a server rejects it, so the other is tried too.
 */
async function tryEncodings(request: HttpRequester, url: string, method: string, args: Service2Args): Promise<IDataObject | null> {
	let failed: ReplyShape | undefined;
	let last: ReplyShape = { type: 'notUnderstood', text: '' };
	for (const encoding of ENCODINGS) {
		last = await sendOnce(request, url, encoding, method, args);
		if (last.type === 'json') {
			ENCODING_BY_SERVER.set(url, encoding);
			return last.body;
		}
		// No such path: the same for any body.
		if (last.type === 'absent') break;
		if (last.type === 'other') failed ??= last;
	}
	return bodyOrThrow(url, last.type === 'absent' ? last : (failed ?? last));
}

/** A login call finds the encoding; concurrent callers of the same server wait for it. */
async function detect(request: HttpRequester, url: string, args: Service2Args): Promise<IDataObject | null> {
	const run = tryEncodings(request, url, 'login', args);
	// Settled either way, so an unawaited failure is no unhandled rejection; waiters rethrow it.
	DETECTING.set(
		url,
		run.then(
			() => ({}),
			(error: unknown) => ({ error }),
		),
	);
	try {
		return await run;
	} finally {
		DETECTING.delete(url);
	}
}

/** A login that every server refuses (no user) yet answers in the encoding it reads: read-only. */
export const EMPTY_LOGIN: Service2Args = { user_auth: { user_name: '', password: '' }, application_name: 'n8n-nodes-sarvcrm' };

/** The encoding of this server: remembered, or found (by an empty login when no login is at hand). */
export async function ensureEncoding(
	request: HttpRequester,
	url: string,
	loginArgs: Service2Args = EMPTY_LOGIN,
): Promise<Service2Encoding> {
	const pending = DETECTING.get(url);
	const detected = pending ? await pending : {};
	if (detected.error) throw detected.error;
	const known = ENCODING_BY_SERVER.get(url);
	if (known) return known;
	await detect(request, url, loginArgs);
	return ENCODING_BY_SERVER.get(url)!;
}

/**
 * One call in this server's encoding. The first login to a server finds it. A call the server
 * does not read in a remembered encoding finds it again (the server may have changed); when it
 * still does not read it, the server lacks the method.
 */
export async function exchange(request: HttpRequester, url: string, method: string, args: Service2Args): Promise<IDataObject | null> {
	const pending = DETECTING.get(url);
	const detected = pending ? await pending : {};
	if (detected.error) throw detected.error;
	const known = ENCODING_BY_SERVER.get(url);
	if (method === 'login' && !known) return await detect(request, url, args);
	let shape = await sendOnce(request, url, known ?? (await ensureEncoding(request, url)), method, args);
	if (shape.type === 'notUnderstood') {
		ENCODING_BY_SERVER.delete(url);
		if (method === 'login') return await detect(request, url, args);
		shape = await sendOnce(request, url, await ensureEncoding(request, url), method, args);
		if (shape.type === 'notUnderstood') {
			throw sarvError(hasFiles(args) ? service2BodyDropped(url, method) : service2NoMethod(url, method, shape.text));
		}
	}
	return bodyOrThrow(url, shape);
}

interface SessionState {
	pending?: Promise<string>;
	id?: string;
	/** Sessions the server refused (error 11): never handed out again */
	refused: string[];
}

const SESSIONS = new LruCache<SessionState>(200);
const REFUSED_KEPT = 8;

/** Credential identity (hashed, see credentialKey) plus the address: no secret in the key. */
function sessionKey(credentials: SarvLoginCredentials, url: string): string {
	return createHash('sha256')
		.update(`${credentialKey(credentials)}\u0000${url}`)
		.digest('hex');
}

function stateOf(credentials: SarvLoginCredentials, url: string): SessionState {
	const key = sessionKey(credentials, url);
	let state = SESSIONS.get(key);
	if (!state) SESSIONS.set(key, (state = { refused: [] }));
	return state;
}

/** service2's login with the credential's user and MD5 password (never the password itself). */
export function loginArgs(credentials: SarvLoginCredentials): Service2Args {
	const body = buildLoginBody(credentials);
	return {
		user_auth: { user_name: body.user_name, password: body.password },
		application_name: 'n8n-nodes-sarvcrm',
		name_value_list: Object.entries({ language: body.language }).map(([name, value]) => ({ name, value })),
	};
}

async function login(request: HttpRequester, credentials: SarvLoginCredentials, url: string): Promise<string> {
	const body = await exchange(request, url, 'login', loginArgs(credentials)).catch((error: unknown) => {
		const failure = findSarvApiError(error)?.failure;
		throw failure?.kind === 'network' ? error : sarvError(failure ? { ...failure, relogin: false } : classifyThrown(error));
	});
	const failure = service2ErrorOf(body);
	if (failure) throw sarvError(service2LoginFailure(failure));
	const id = body?.id;
	if (typeof id === 'string' && id) return id;
	throw sarvError(failureOf('notJson', { httpStatus: 200, message: 'SarvCRM service2 login answered without a session id' }));
}

/** The session to call with: the shared one, or one login shared by every caller waiting for it. */
export async function service2Session(request: HttpRequester, credentials: SarvLoginCredentials, url: string): Promise<string> {
	const state = stateOf(credentials, url);
	if (state.id && !state.refused.includes(state.id)) return state.id;
	state.pending ??= login(request, credentials, url)
		.then((id) => (state.id = id))
		.finally(() => (state.pending = undefined));
	return await state.pending;
}

/**
 * A new session after the server refused `refused` (error 11). When another caller has renewed
 * already, its session is used: an expiry under many callers costs one login.
 */
export async function renewService2Session(
	request: HttpRequester,
	credentials: SarvLoginCredentials,
	url: string,
	refused: string,
): Promise<string> {
	const state = stateOf(credentials, url);
	if (!state.refused.includes(refused)) state.refused = [...state.refused.slice(-(REFUSED_KEPT - 1)), refused];
	if (state.id === refused) state.id = undefined;
	return await service2Session(request, credentials, url);
}

/** The current session, if any, forgotten (after logout). */
export function dropService2Session(credentials: SarvLoginCredentials, url: string): string | undefined {
	const state = stateOf(credentials, url);
	const id = state.id;
	state.id = undefined;
	return id;
}

export function currentService2Session(credentials: SarvLoginCredentials, url: string): string | undefined {
	return stateOf(credentials, url).id;
}
