import { PARALLEL_AFTER_PAGES, type ParallelPaging } from '../core/paging';
import { listRequest, type RecordQuery } from '../core/recordQuery';
import { BULK_VERSION, unlessWithoutService2 } from './bulk';
import type { ItemContext } from './operation';
import { pagingOf } from './records';

/** The WHERE of a listing, built for this server's columns as learned so far (the service2 client sends it as one group). */
function whereOf(item: ItemContext, query: RecordQuery): string {
	return listRequest(item.module, query, item.client.columns).query ?? '';
}

/**
 * How many records match, in one call to service2 (get_entries_count); undefined where service2
 * cannot tell: a server without it, or a count that failed. SuiteCRM answers a query it cannot
 * run with an opaque page (a custom column before this server's layout is learned, for one):
 * the v5 listing then tells, learning what it teaches, or fails with v5's own words.
 */
export async function countByService2(item: ItemContext, query: RecordQuery): Promise<number | undefined> {
	const counted = await unlessWithoutService2(
		item,
		async () => await item.service2().getEntriesCount(item.module.key, whereOf(item, query)),
	).catch(() => undefined);
	return counted !== undefined && Number.isSafeInteger(counted) && counted >= 0 ? counted : undefined;
}

/** How many records match, listing their ids page by page: where service2 cannot tell. */
export async function countByListing(item: ItemContext, query: RecordQuery): Promise<number> {
	const ids = await item.client.listModule(item.module, (columns) =>
		listRequest(item.module, { ...query, sort: [], fields: ['id'] }, columns),
	);
	return ids.length;
}

/**
 * Return All on a long listing (version 1.2 on, Max Parallel Requests 2 or more, no Offset): after
 * a few full pages read one after another through v5 (which learns the server's column layout
 * and page size on the way), service2 counts with the same WHERE and the rest of the pages go at
 * once; at once from the first page where this server's last listing of the same module and WHERE
 * was long. A count that fails or does not fit the pages leaves the listing to go on one page
 * after another (see fetchPages). Undefined where it does not apply.
 */
export function parallelPaging(item: ItemContext, query: RecordQuery): ParallelPaging | undefined {
	const paging = pagingOf(item);
	if (item.run.version < BULK_VERSION || paging.max !== undefined || paging.offset || item.run.maxParallel < 2) return undefined;
	const remembered = item.client.server.longListings;
	const key = `${item.module.key}\u0000${whereOf(item, query)}`;
	return {
		after: PARALLEL_AFTER_PAGES,
		width: item.run.maxParallel,
		count: async () => await countByService2(item, query),
		longBefore: remembered.get(key) === true,
		learned: (long) => (long ? remembered.set(key, true) : remembered.delete(key)),
	};
}
