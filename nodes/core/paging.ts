import type { IDataObject } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';

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
	/** Return All only (no `max`): where the listing is long, the rest of its pages at once */
	parallel?: ParallelPaging;
	/**
	 * What each record becomes as its page arrives (the output's shape, keeping `id`): done while
	 * later pages are on the wire, not in one stretch after the last one.
	 */
	each?: (record: IDataObject) => IDataObject;
}

/**
 * Reading the rest of a long listing at once. Pages read at once need a total to be checked
 * against, and a total costs calls (service2: a login and a count); a listing that ends within a
 * few pages would only pay for it. So the count is asked once `after` full pages were read one
 * after another, and the next two pages go out with it; or with the first two pages, where the
 * same listing was long when last read (a schedule reading one module again and again).
 */
export interface ParallelPaging {
	/** Full pages read one after another before the total is asked */
	after: number;
	/**
	 * The same listing held more than `after` pages when last read on this server: its total is
	 * asked with its first pages (where this server is known to fill a page of that size).
	 */
	longBefore?: boolean;
	/** Told at the end whether this listing held more than `after` pages, for the next one */
	learned?: (long: boolean) => void;
	/** Pages in flight at once */
	width: number;
	/**
	 * How many records the listing holds; asked again with the last pages. Undefined, a throw or a
	 * total that does not fit the pages read: the listing goes on one page after another.
	 */
	count: () => Promise<number | undefined>;
}

/** A page read with a count that could not be used: the listing goes on with it rather than read it again. */
export interface KeptPage {
	limit: number;
	records: IDataObject[];
}

/** Full pages of one listing after which its total is worth asking (4 pages of 300: 1,200 records). */
export const PARALLEL_AFTER_PAGES = 4;
/** Pages read while the total is being counted. */
const AHEAD_PAGES = 2;

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
 * the cap, remembered for the server; one followed by nothing teaches nothing. With `parallel`
 * (Return All), a long listing's rest is read at once (see ParallelPaging).
 */
export async function fetchPages(fetchPage: PageFetcher, options: PagingOptions = {}): Promise<IDataObject[]> {
	const size = clampPageSize(options.pageSize);
	const memory = options.memory ?? { fullUpTo: 0 };
	const { max } = options;
	const records: IDataObject[] = [];
	let offset = Math.max(0, Math.floor(options.offset ?? 0));
	/** A short page whose end is open: the next page tells whether it was the cap */
	let openShort = 0;
	const parallel = max === undefined ? options.parallel : undefined;
	/** Full pages in a row; the parallel read is tried once */
	let fullRun = 0;
	let triedParallel = false;
	/** The rest was read at once and added up (what `learned` is told) */
	let readAtOnce = false;
	/** Pages read with a count that could not be used, by offset: read on with, not read again */
	const kept = new Map<number, KeptPage>();
	/** The rest of the listing from `offset`, `page` records a page, read at once; false where it did not add up */
	const readRestAtOnce = async (page: number): Promise<boolean> => {
		triedParallel = true;
		const rest = await fetchRestInParallel(fetchPage, offset, page, records, parallel!, kept);
		if (rest) records.push(...rest);
		return (readAtOnce = !!rest);
	};
	for (;;) {
		const want = fullSize(max === undefined ? size : Math.min(size, max - records.length), memory);
		if (want <= 0) break;
		// A listing long when last read: counted with its first pages, at a size this server fills.
		if (parallel?.longBefore && !triedParallel && memory.fullUpTo >= want && (await readRestAtOnce(want))) break;
		const early = kept.get(offset);
		kept.delete(offset);
		const answered = early?.limit === want ? early.records : await fetchPage(offset, want);
		// Whatever one page held, the cap is at least that.
		memory.fullUpTo = Math.max(memory.fullUpTo, answered.length);
		// A server that ignores `limit` must not push the result past what was asked for.
		const page = answered.slice(0, want);
		records.push(...page);
		offset += page.length;
		if (openShort && page.length) memory.cap = openShort;
		openShort = 0;
		if (page.length >= fullSize(want, memory)) {
			if (!parallel || triedParallel || ++fullRun < parallel.after) continue;
			// Pages that do not fit the total leave the listing to go on one page after another.
			if (await readRestAtOnce(page.length)) break;
			continue;
		}
		fullRun = 0;
		if (page.length === 0) break;
		const verdict = await endsListing(page.length, want, memory, options.probe);
		if (verdict === 'end') break;
		if (verdict === 'unknown') openShort = page.length;
	}
	// Long, and read at once: a server whose count fails or disagrees is not asked first next time.
	parallel?.learned?.(readAtOnce && records.length > parallel.after * fullSize(size, memory));
	return records;
}

/**
 * The rest of a listing from `start`, `page` records a page (a size this server was seen to fill):
 * the next two pages go out with the count, then the pages up to its total, `width` at once.
 * They must add up as one page after another would: each as long as the total says, the last one
 * ending the listing (short, or followed by an empty page), no record twice, and the total the
 * same when asked again with the last pages. Undefined otherwise, or when a page or the count
 * fails: the caller then reads on one page after another from `start`, where a count that fails
 * or cannot be used leaves the pages read with it in `kept` (by offset), read once.
 */
export async function fetchRestInParallel(
	fetchPage: PageFetcher,
	start: number,
	page: number,
	seen: readonly IDataObject[],
	parallel: Pick<ParallelPaging, 'width' | 'count'>,
	kept?: Map<number, KeptPage>,
): Promise<IDataObject[] | undefined> {
	const width = Math.max(1, Math.floor(parallel.width) || 1);
	const read = new Map<number, IDataObject[]>();
	// Ids are gathered as pages arrive, while later ones are on the wire, not after the last one.
	const ids = new Set(seen.map((r) => String(r.id)));
	let readCount = 0;
	const readAll = async (offsets: number[], last?: () => void) =>
		await mapWithConcurrency(offsets, width, async (offset, i) => {
			if (i === offsets.length - 1) last?.();
			const records = (await fetchPage(offset, page)).slice(0, page);
			read.set(offset, records);
			readCount += records.length;
			for (const record of records) ids.add(String(record.id));
		});
	// The next two pages need no total (the page size is safe): they are read while it is counted.
	// Two, not more: a listing that ends among them costs at most one page more than one after another.
	const ahead = Array.from({ length: Math.min(width, AHEAD_PAGES) }, (_, i) => start + i * page);
	const [total, aheadRead] = await Promise.all([
		parallel.count().catch(() => undefined),
		readAll(ahead).then(
			() => true,
			() => false,
		),
	]);
	if (!aheadRead) return undefined;
	if (total === undefined || !Number.isSafeInteger(total) || total < start) {
		// Read as one page after another would have read them: the listing goes on with them.
		for (const [offset, records] of read) kept?.set(offset, { limit: page, records });
		return undefined;
	}
	const wanted: number[] = [];
	for (let offset = start; offset < total; offset += page) wanted.push(offset);
	// A last page that would be full proves no end: the page after it must be empty.
	if ((total - start) % page === 0) wanted.push(total);
	let recount: Promise<number | undefined> | undefined;
	const recounted = () => (recount ??= parallel.count().catch(() => undefined));
	const missing = wanted.filter((offset) => !read.has(offset));
	// The second count goes out with the last page: a change after it shows in the pages.
	if (
		!(await readAll(missing, recounted).then(
			() => true,
			() => false,
		))
	)
		return undefined;
	const offsets = [...read.keys()].sort((a, b) => a - b);
	const expected = (offset: number) => Math.max(0, Math.min(page, total - offset));
	if (!offsets.every((offset) => read.get(offset)!.length === expected(offset))) return undefined;
	if (ids.size !== total || seen.length + readCount !== total) return undefined;
	if ((await recounted()) !== total) return undefined;
	return offsets.flatMap((offset) => read.get(offset)!);
}
