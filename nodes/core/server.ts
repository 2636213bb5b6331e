/**
 * What this process knows of one SarvCRM server, in one bounded record per server (its v5 Base
 * URL): learned by whichever API sees it first (v5 or service2), read by both. Nothing here
 * is a secret: sessions are kept only as fingerprints.
 */
import { createHash } from 'crypto';

import { LruCache } from './cache';
import type { ColumnLayout } from './columns';
import type { PageSizeMemory } from './paging';

export interface Service2Knowledge {
	/** The body encoding its service2 reads, once a call found it (service2/protocol.ts) */
	encoding?: 'json' | 'form';
	/** When service2 answered HTTP 404 (no service2 on this server): its work goes to v5 for a while */
	absentSince?: number;
	/** Whether `set_entries` keeps the ids the node chooses (learned by the first bulk create) */
	keepsChosenIds?: boolean;
}

export interface ServerKnowledge {
	/** Page size: the cap this server holds a page to (paging.ts) */
	readonly paging: PageSizeMemory;
	/** Where custom `_c` columns live (columns.ts) */
	readonly columns: ColumnLayout;
	readonly service2: Service2Knowledge;
	/**
	 * Modules that still refused access (403, code 40) right after a new login, with the sessions
	 * they refused and how (fingerprints, a few per module): no new login helps those calls.
	 */
	readonly refusals: Map<string, string[]>;
	/** Listings (module and WHERE) that held more than a few pages when last read: their totals are asked at once (paging.ts) */
	readonly longListings: LruCache<true>;
}

const SERVERS = new LruCache<ServerKnowledge>(200);
const REFUSALS_KEPT = 4;
const LONG_LISTINGS_KEPT = 100;

/** The same server however its Base URL was typed (spaces, a trailing slash). */
export function serverKey(baseUrl: string): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

export function serverKnowledge(baseUrl: string): ServerKnowledge {
	const key = serverKey(baseUrl);
	let known = SERVERS.get(key);
	if (!known) {
		known = { paging: { fullUpTo: 0 }, columns: {}, service2: {}, refusals: new Map(), longListings: new LruCache(LONG_LISTINGS_KEPT) };
		SERVERS.set(key, known);
	}
	return known;
}

/** A refusal's words, so that another answer under the same session (an expiry worded apart) is not taken for it. */
export interface RefusalWords {
	code?: number;
	serverMessage?: string;
	rawText?: string;
}

const fingerprint = (session: string, words: RefusalWords) =>
	createHash('sha256')
		.update([session, words.code ?? '', words.serverMessage ?? words.rawText ?? ''].join('\u0000'))
		.digest('hex')
		.slice(0, 32);

/** The module refused this session although it was new: a refusal, not an expiry. */
export function rememberRefusal(known: ServerKnowledge, module: string, session: string | undefined, words: RefusalWords): void {
	if (!session) return;
	const seen = known.refusals.get(module) ?? [];
	const print = fingerprint(session, words);
	if (!seen.includes(print)) known.refusals.set(module, [...seen.slice(-(REFUSALS_KEPT - 1)), print]);
}

/** Whether the module refused this very session, in these words, after a new login already. */
export function refusedBefore(known: ServerKnowledge, module: string, session: string | undefined, words: RefusalWords): boolean {
	return !!session && (known.refusals.get(module) ?? []).includes(fingerprint(session, words));
}
