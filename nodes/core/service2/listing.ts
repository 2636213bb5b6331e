/**
 * Listings through service2's `get_entry_list`, where v5 cannot go: deleted rows (the trigger's
 * Record Deleted, Include Deleted Records). The request is compiled by recordQuery.ts as for v5
 * (the same WHERE and ORDER BY fragments); only the transport differs.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ListRequest } from '../client';
import { findSarvApiError } from '../errors';
import { sarvError } from '../failure';
import { fetchPages } from '../paging';
import type { Service2Client } from './client';
import { PROBE_HINT } from './failure';

/** Rows per `get_entry_list` call (SuiteCRM takes any `max_results`; a lower cap only means more pages). */
export const ENTRY_PAGE = 200;

export interface EntryListing {
	/** true: deleted rows too (service2 v4 and later) */
	deleted?: boolean;
	/** Stop after this many rows */
	max?: number;
	/** Rows to skip first */
	offset?: number;
	/** Rows asked per call */
	pageSize?: number;
	/** Words for an absent service2: what needed it */
	purpose?: string;
}

/**
 * Every row of a listing, through the one paging loop (`fetchPages`, as v5 listings): `total_count`
 * is not trusted (a customised server may count only live rows), and a short page may be a cap,
 * so the listing ends at an empty page. A server that ignores `offset` answers rows already read:
 * nothing new ends the listing too.
 */
export async function listEntries(
	client: Service2Client,
	module: string,
	request: ListRequest,
	listing: EntryListing = {},
): Promise<IDataObject[]> {
	const seen = new Set<string>();
	return await fetchPages(
		async (offset, limit) => {
			const page = await withPurpose(
				client.getEntryList(module, {
					query: request.query ?? '',
					orderBy: request.order_by ?? '',
					offset,
					selectFields: request.selected_fields ?? [],
					maxResults: limit,
					deleted: listing.deleted,
				}),
				listing.purpose,
			);
			const fresh = page.records.filter((r) => !seen.has(String(r.id)));
			for (const r of fresh) seen.add(String(r.id));
			return fresh;
		},
		{ pageSize: listing.pageSize ?? ENTRY_PAGE, max: listing.max, offset: listing.offset },
	);
}

/** A server without service2 (or not answering as one) says what needed it and names the probe. */
async function withPurpose<T>(call: Promise<T>, purpose: string | undefined): Promise<T> {
	return await call.catch((error: unknown) => {
		const found = findSarvApiError(error);
		const f = found?.failure;
		const noService2 = !!f && ((f.kind === 'notFound' && f.httpStatus === 404 && f.code === undefined) || f.kind === 'notJson');
		if (!purpose || !found || !noService2) throw error;
		throw sarvError({ ...f, message: `${purpose} needs SarvCRM's service2: ${f.message}`, hint: `${PROBE_HINT}.` }, {}, found.site);
	});
}
