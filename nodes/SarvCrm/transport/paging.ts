import type { IDataObject } from 'n8n-workflow';

/** The API's page size cap is not documented; 300 is what real clients use safely. */
export const MAX_PAGE_SIZE = 300;

export type PageFetcher = (offset: number, limit: number) => Promise<IDataObject[]>;

/**
 * Reads pages with `offset` until a page comes back shorter than asked (there is no
 * total count), or until `max` records are in hand. That is the fewest calls possible:
 * an extra empty page only when the total is a multiple of the page size.
 */
export async function fetchPages(
	fetchPage: PageFetcher,
	{ pageSize = MAX_PAGE_SIZE, max }: { pageSize?: number; max?: number } = {},
): Promise<IDataObject[]> {
	const size = Number.isFinite(pageSize) ? Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(pageSize))) : MAX_PAGE_SIZE;
	const records: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const want = max === undefined ? size : Math.min(size, max - records.length);
		if (want <= 0) break;
		// A server that ignores `limit` must not push the result past what was asked for.
		const page = (await fetchPage(offset, want)).slice(0, want);
		records.push(...page);
		if (page.length < want) break;
		offset += page.length;
	}
	return records;
}

/** Runs `task` over `inputs` with at most `limit` in flight, keeping the input order in the results. */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let failed = false;
	const width = Number.isFinite(limit) ? Math.max(1, Math.min(Math.floor(limit), inputs.length)) : 1;
	const workers = Array.from({ length: width }, async () => {
		while (next < inputs.length && !failed) {
			const index = next++;
			const running = task(inputs[index], index);
			// Start nothing new once one input failed; requests already in flight finish.
			running.then(undefined, () => (failed = true));
			results[index] = await running;
		}
	});
	await Promise.all(workers);
	return results;
}
