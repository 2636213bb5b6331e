import type { IDataObject } from 'n8n-workflow';

/** The API's page size cap is not documented; 300 is what real clients use safely. */
export const MAX_PAGE_SIZE = 300;

export type PageFetcher = (offset: number, limit: number) => Promise<IDataObject[]>;

/**
 * How many records one page of a module-wide listing holds (ids only, MAX_PAGE_SIZE asked):
 * the one call the node may spend to learn a server's cap, where a short page leaves it open.
 */
export type CapProbe = () => Promise<number>;

/**
 * What this process knows of one server's page size. SarvCRM reports no total, and a server
 * whose cap is below the page size answers a short page with no error (SuiteCRM lists 20 a
 * page by default): a short page proves the end only once the cap is known to be above it.
 */
export interface PageSizeMemory {
	/** The server answered this many records in one page: its cap is at least this */
	fullUpTo: number;
	/** The server's cap, once seen: a short page followed by more records */
	cap?: number;
	/** The probe in flight, shared by the listings that need it at once */
	probing?: Promise<number>;
}

export interface PagingOptions {
	pageSize?: number;
	/** Stop once this many records are in hand (Limit); all when undefined (Return All) */
	max?: number;
	/** First record to read (Get Many's Offset option) */
	offset?: number;
	/** Shared per server (server.ts), so what one listing learned serves every later one */
	memory?: PageSizeMemory;
	/** How to learn the cap in one call when a short page leaves it open (module listings) */
	probe?: CapProbe;
}

export function clampPageSize(pageSize: number | undefined): number {
	return Number.isFinite(pageSize) && pageSize !== undefined ? Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(pageSize))) : MAX_PAGE_SIZE;
}

/** Records a page must hold to be full, for a request of `want`: the cap, where it is lower. */
function fullSize(want: number, memory: PageSizeMemory): number {
	return memory.cap !== undefined ? Math.min(want, memory.cap) : want;
}

/** Whether a page of `length` (0 < length < full) ends the listing, or more may follow. */
async function endsListing(length: number, want: number, memory: PageSizeMemory, probe?: CapProbe): Promise<'end' | 'more' | 'unknown'> {
	if (memory.cap !== undefined || memory.fullUpTo >= want) return 'end';
	if (!probe) return 'unknown';
	memory.probing ??= probe().finally(() => (memory.probing = undefined));
	const seen = await memory.probing;
	memory.fullUpTo = Math.max(memory.fullUpTo, seen);
	// The module-wide page holds at least as many as this listing's, under the same cap: more
	// means this page was a remainder; as many may be the cap, which the next page tells.
	return seen > length || seen >= want ? 'end' : 'unknown';
}

/**
 * Reads pages with `offset` until the listing is known to be complete, or `max` records are
 * in hand; never short, whatever the server's cap (any size from 1 up), and whether or not it
 * honours `limit`. A short page ends it where the cap is known to be above it; otherwise the
 * probe (once per server) or the next page tells. A short page followed by more records is
 * the cap, remembered for the server; one followed by nothing teaches nothing.
 */
export async function fetchPages(fetchPage: PageFetcher, options: PagingOptions = {}): Promise<IDataObject[]> {
	const size = clampPageSize(options.pageSize);
	const memory = options.memory ?? { fullUpTo: 0 };
	const { max } = options;
	const records: IDataObject[] = [];
	let offset = Math.max(0, Math.floor(options.offset ?? 0));
	/** A short page whose end is open: the next page tells whether it was the cap */
	let openShort = 0;
	for (;;) {
		const want = fullSize(max === undefined ? size : Math.min(size, max - records.length), memory);
		if (want <= 0) break;
		const answered = await fetchPage(offset, want);
		// Whatever one page held, the cap is at least that.
		memory.fullUpTo = Math.max(memory.fullUpTo, answered.length);
		// A server that ignores `limit` must not push the result past what was asked for.
		const page = answered.slice(0, want);
		records.push(...page);
		offset += page.length;
		if (openShort && page.length) memory.cap = openShort;
		openShort = 0;
		if (page.length >= fullSize(want, memory)) continue;
		if (page.length === 0) break;
		const verdict = await endsListing(page.length, want, memory, options.probe);
		if (verdict === 'end') break;
		if (verdict === 'unknown') openShort = page.length;
	}
	return records;
}

/**
 * Return All where the total is known (service2's count): the first page beside the count (it
 * shows the cap, if it is lower), then the other pages `width` at once, in the stable order.
 * Undefined without a total, or when the pages do not add up (a page short, a record twice):
 * the caller then reads one page after another.
 */
export async function fetchAllInParallel(
	fetchPage: PageFetcher,
	counted: number | Promise<number | undefined>,
	options: { pageSize?: number; memory?: PageSizeMemory; width: number; recount?: () => Promise<number | undefined> },
): Promise<IDataObject[] | undefined> {
	const memory = options.memory ?? { fullUpTo: 0 };
	const size = fullSize(clampPageSize(options.pageSize), memory);
	const width = Math.max(1, Math.floor(options.width) || 1);
	// Pages need no total: where the page size is known to be safe the first `width` are read
	// while the count is made; else the first one alone, which shows a lower cap.
	const known = memory.cap !== undefined || memory.fullUpTo >= size;
	const head = known ? width : 1;
	const [total, ...heads] = await Promise.all([counted, ...Array.from({ length: head }, async (_, i) => await fetchPage(i * size, size))]);
	if (total === undefined) return undefined;
	const first = heads[0].slice(0, size);
	memory.fullUpTo = Math.max(memory.fullUpTo, heads[0].length);
	if (first.length >= total && head === 1) return first.length === total ? first : undefined;
	if (!first.length) return total === 0 && heads.every((p) => !p.length) ? [] : undefined;
	// Fewer than asked while more exist: that is the server's cap.
	if (!known && first.length < size) memory.cap = first.length;
	const page = known ? size : first.length;
	const pages: IDataObject[][] = heads.map((p) => p.slice(0, page));
	const offsets: number[] = pages.map((_p, i) => i * page);
	for (let offset = head * page; offset < total; offset += page) offsets.push(offset);
	let next = pages.length;
	let recount: Promise<number | undefined> | undefined;
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(width, offsets.length - next)) }, async () => {
			while (next < offsets.length) {
				const i = next++;
				// The second count goes out with the last pages: a change after it shows in them.
				if (next === offsets.length && options.recount) recount = options.recount();
				pages[i] = (await fetchPage(offsets[i], page)).slice(0, page);
			}
		}),
	);
	const records = pages.flat();
	const ids = new Set(records.map((r) => String(r.id)));
	const complete = pages.every((p, i) => p.length === Math.max(0, Math.min(page, total - offsets[i])));
	if (!complete || records.length !== total || ids.size !== total) return undefined;
	// One page is consistent in itself; pages read apart are checked against a second count.
	if (options.recount && total > page && (await (recount ?? options.recount())) !== total) return undefined;
	return records;
}
