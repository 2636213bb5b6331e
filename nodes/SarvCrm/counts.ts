import type { IDataObject } from 'n8n-workflow';

import { listRequest, type RecordQuery } from '../core/recordQuery';
import { BULK_VERSION, service2Answers, unlessWithoutService2 } from './bulk';
import type { ItemContext } from './operation';
import { pagingOf } from './records';

/** The WHERE of a listing, as service2's count takes it. */
function whereOf(item: ItemContext, query: RecordQuery): string {
	return listRequest(item.module, query, item.client.columns).query ?? '';
}

/** How many records match, in one call to service2 (get_entries_count); undefined without service2. */
export async function countByService2(item: ItemContext, query: RecordQuery): Promise<number | undefined> {
	return await unlessWithoutService2(item, async () => await item.service2().getEntriesCount(item.module.key, whereOf(item, query)));
}

/** How many records match, listing their ids page by page: where service2 is not there. */
export async function countByListing(item: ItemContext, query: RecordQuery): Promise<number> {
	const ids = await item.client.listModule(item.module, (columns) =>
		listRequest(item.module, { ...query, sort: [], fields: ['id'] }, columns),
	);
	return ids.length;
}

/**
 * Return All, pages in parallel where the total is known: one count, the pages at Max Parallel
 * Requests, then the count again; any change meanwhile (or pages that do not add up) and the
 * listing is read again one page after another. Undefined where it does not apply.
 */
export async function listAllInParallel(item: ItemContext, query: RecordQuery): Promise<IDataObject[] | undefined> {
	const paging = pagingOf(item);
	if (item.run.version < BULK_VERSION || paging.max !== undefined || paging.offset || item.run.maxParallel < 2) return undefined;
	if (!(await service2Answers(item))) return undefined;
	const request = listRequest(item.module, query, item.client.columns);
	const recount = async () => await item.service2().getEntriesCount(item.module.key, request.query ?? '');
	const options = { pageSize: paging.pageSize, width: item.run.maxParallel, recount };
	return await item.client.listModuleInParallel(item.module, request, countByService2(item, query), options);
}
