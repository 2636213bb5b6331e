/**
 * service2's wire, one exchange at a time: the encoding each server takes (found once, kept with
 * what is known of the server, ../server.ts) and its login call. Sessions are the one pool's
 * (../session.ts); renewal is the one transport's (../transport.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { findSarvApiError } from '../errors';
import { classifyThrown, failureOf, sarvError } from '../failure';
import { buildLoginBody, type HttpRequester, type SarvLoginCredentials } from '../login';
import type { Service2Knowledge } from '../server';
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

/** One server's service2: how to send, its address, and what is known of it (its encoding). */
export interface Service2Link {
	request: HttpRequester;
	url: string;
	known: Service2Knowledge & { detecting?: Promise<{ error?: unknown }> };
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
async function tryEncodings({ request, url, known }: Service2Link, method: string, args: Service2Args): Promise<IDataObject | null> {
	let failed: ReplyShape | undefined;
	let last: ReplyShape = { type: 'notUnderstood', text: '' };
	for (const encoding of ENCODINGS) {
		last = await sendOnce(request, url, encoding, method, args);
		if (last.type === 'json') {
			known.encoding = encoding;
			return last.body;
		}
		// No such path: the same for any body.
		if (last.type === 'absent') break;
		if (last.type === 'other') failed ??= last;
	}
	return bodyOrThrow(url, last.type === 'absent' ? last : (failed ?? last));
}

/** A login call finds the encoding; concurrent callers of the same server wait for it. */
async function detect(link: Service2Link, args: Service2Args): Promise<IDataObject | null> {
	const run = tryEncodings(link, 'login', args);
	// Settled either way, so an unawaited failure is no unhandled rejection; waiters rethrow it.
	const detecting = run.then(
		() => ({}),
		(error: unknown) => ({ error }),
	);
	link.known.detecting = detecting;
	try {
		return await run;
	} finally {
		if (link.known.detecting === detecting) link.known.detecting = undefined;
	}
}

/** Waits for a detection under way on this server; its failure is this call's too. */
async function detected(link: Service2Link): Promise<void> {
	const { error } = (await link.known.detecting) ?? {};
	if (error) throw error;
}

/** A login that every server refuses (no user) yet answers in the encoding it reads: read-only. */
export const EMPTY_LOGIN: Service2Args = { user_auth: { user_name: '', password: '' }, application_name: 'n8n-nodes-sarvcrm' };

/** The encoding of this server: remembered, or found (by an empty login when no login is at hand). */
export async function ensureEncoding(link: Service2Link, loginArgs: Service2Args = EMPTY_LOGIN): Promise<Service2Encoding> {
	await detected(link);
	if (link.known.encoding) return link.known.encoding;
	await detect(link, loginArgs);
	return link.known.encoding!;
}

/**
 * One call in this server's encoding. The first login to a server finds it. A call the server
 * does not read in a remembered encoding finds it again (the server may have changed); when it
 * still does not read it, the server lacks the method.
 */
export async function exchange(link: Service2Link, method: string, args: Service2Args): Promise<IDataObject | null> {
	const { request, url, known } = link;
	await detected(link);
	if (method === 'login' && !known.encoding) return await detect(link, args);
	let shape = await sendOnce(request, url, known.encoding ?? (await ensureEncoding(link)), method, args);
	if (shape.type === 'notUnderstood') {
		known.encoding = undefined;
		if (method === 'login') return await detect(link, args);
		shape = await sendOnce(request, url, await ensureEncoding(link), method, args);
		if (shape.type === 'notUnderstood') {
			throw sarvError(hasFiles(args) ? service2BodyDropped(url, method) : service2NoMethod(url, method, shape.text));
		}
	}
	return bodyOrThrow(url, shape);
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

/** A new service2 session for the credential (one login; the pool in ../session.ts shares it). */
export async function service2Login(link: Service2Link, credentials: SarvLoginCredentials): Promise<string> {
	const body = await exchange(link, 'login', loginArgs(credentials)).catch((error: unknown) => {
		const failure = findSarvApiError(error)?.failure;
		throw failure?.kind === 'network' ? error : sarvError(failure ? { ...failure, relogin: false } : classifyThrown(error));
	});
	const failure = service2ErrorOf(body);
	if (failure) throw sarvError(service2LoginFailure(failure));
	const id = body?.id;
	if (typeof id === 'string' && id) return id;
	throw sarvError(failureOf('notJson', { httpStatus: 200, message: 'SarvCRM service2 login answered without a session id' }));
}
