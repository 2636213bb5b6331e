import type { IDataObject } from 'n8n-workflow';

import { LruCache } from './cache';

/** The API's page size cap is not documented; 300 is what real clients use safely. */
export const MAX_PAGE_SIZE = 300;

export type PageFetcher = (offset: number, limit: number) => Promise<IDataObject[]>;

/**
 * What this process has seen of one server's page sizes. SarvCRM reports no total, and a
 * server whose cap is below the page size answers a short page with no error: a short page
 * proves the end only once the server has been seen to return full pages of that size.
 */
export interface PageSizeMemory {
	/** Largest page size the server returned in full */
	fullUpTo: number;
}

export interface PagingOptions {
	pageSize?: number;
	/** Stop once this many records are in hand (Limit); all when undefined (Return All) */
	max?: number;
	/** First record to read (Get Many's Offset option) */
	offset?: number;
	/** Shared per credential, so a later run trusts a short page at once */
	memory?: PageSizeMemory;
}

/**
 * Servers cap pages at 100 records or more (the caps the evidence allows are 100, 300 and
 * 1000): a short answer to a request of at most this many is the end of the listing.
 */
export const TRUSTED_PAGE_SIZE = 100;

export function clampPageSize(pageSize: number | undefined): number {
	return Number.isFinite(pageSize) && pageSize !== undefined ? Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(pageSize))) : MAX_PAGE_SIZE;
}

/**
 * Reads pages with `offset` until the listing is known to be complete, or `max` records are
 * in hand. A page shorter than asked ends paging only when the server is known to honour that
 * size; otherwise one more call confirms (an empty page ends, a page shorter than the largest
 * short page seen ends: that was the server's cap). Minimal calls where the cap is known, one
 * more at most where it is not. Requests of at most TRUSTED_PAGE_SIZE trust a short page.
 */
export async function fetchPages(fetchPage: PageFetcher, options: PagingOptions = {}): Promise<IDataObject[]> {
	const size = clampPageSize(options.pageSize);
	const memory = options.memory ?? { fullUpTo: 0 };
	const { max } = options;
	const records: IDataObject[] = [];
	let offset = Math.max(0, Math.floor(options.offset ?? 0));
	/** The largest short page seen: the server's cap, if it has one below `size` */
	let cap = 0;
	for (;;) {
		const want = max === undefined ? size : Math.min(size, max - records.length);
		if (want <= 0) break;
		// A server that ignores `limit` must not push the result past what was asked for.
		const page = (await fetchPage(offset, want)).slice(0, want);
		records.push(...page);
		offset += page.length;
		if (page.length === want) {
			memory.fullUpTo = Math.max(memory.fullUpTo, want);
			continue;
		}
		if (page.length === 0 || want <= TRUSTED_PAGE_SIZE || memory.fullUpTo >= want || page.length < cap) break;
		cap = page.length;
	}
	return records;
}

/** Page-size memory per server, bounded like every cache of the package. */
const MEMORIES = new LruCache<PageSizeMemory>(200);

export function pageSizeMemory(server: string): PageSizeMemory {
	let memory = MEMORIES.get(server);
	if (!memory) {
		memory = { fullUpTo: 0 };
		MEMORIES.set(server, memory);
	}
	return memory;
}
