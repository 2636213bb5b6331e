import type { IDataObject } from 'n8n-workflow';

import { clampPageSize, fetchPages, MAX_PAGE_SIZE, pageSizeMemory, TRUSTED_PAGE_SIZE, type PageSizeMemory } from '../../../nodes/core/paging';

/**
 * A fake server holding `total` records r0..r(total-1). It returns at most `cap` per call
 * (a server cap below the page size answers a short page, no error), `overDeliver` more
 * than asked (a server that ignores `limit`), and records every (offset, limit) asked.
 */
function fakeServer(total: number, { cap = Infinity, overDeliver = 0, maxCalls = 10_000 } = {}) {
	const calls: Array<[number, number]> = [];
	const fetchPage = async (offset: number, limit: number): Promise<IDataObject[]> => {
		calls.push([offset, limit]);
		if (calls.length > maxCalls) throw new Error(`runaway paging: more than ${maxCalls} calls`);
		const n = Math.min(Number.isFinite(limit) ? limit : 1, cap) + overDeliver;
		const end = Math.min(total, offset + n);
		const page: IDataObject[] = [];
		for (let i = offset; i < end; i++) page.push({ id: `r${i}` });
		return page;
	};
	return { calls, fetchPage };
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);
const honours = (size: number): PageSizeMemory => ({ fullUpTo: size });

describe('fetchPages: complete listings, exact call counts', () => {
	// [records N, server cap C, memory.fullUpTo before, calls]; page size 300.
	it.each([
		// C = 1000 and C = 300 honour 300: a short page ends once a full page was seen.
		[1000, 1000, 0, 4],
		[1000, 300, 0, 4],
		[900, 300, 0, 4], // 300, 300, 300, then an empty page
		[301, 300, 0, 2],
		[300, 300, 0, 2],
		// A first page that is short: nothing is known yet, one confirming call.
		[50, 1000, 0, 2],
		[50, 300, 0, 2],
		[299, 300, 0, 2],
		[0, 300, 0, 1],
		// Known to honour 300 (an earlier run saw a full page): a short page ends at once.
		[50, 300, 300, 1],
		[299, 1000, 300, 1],
		[0, 300, 300, 1],
		[1000, 300, 300, 4],
		// C = 100 < page size: short pages of the cap until a shorter (or empty) one.
		[1000, 100, 0, 11], // 10 × 100, then an empty page
		[1001, 100, 0, 11], // 10 × 100, then 1 (shorter than the cap seen)
		[250, 100, 0, 3], // 100, 100, 50
		[100, 100, 0, 2], // 100, then empty
		[50, 100, 0, 2], // 50, then empty
	])('N=%i, cap %i, fullUpTo %i → %i calls', async (total, cap, fullUpTo, expectedCalls) => {
		const { calls, fetchPage } = fakeServer(total, { cap });
		const memory: PageSizeMemory = { fullUpTo };
		const records = await fetchPages(fetchPage, { pageSize: 300, memory });
		expect(records.map((r) => r.id)).toEqual(ids(0, total));
		expect(calls).toHaveLength(expectedCalls);
		// every call asks for the page size, from where the last one ended
		let offset = 0;
		for (const [o, limit] of calls) {
			expect([o, limit]).toEqual([offset, 300]);
			offset = Math.min(total, offset + Math.min(300, cap));
		}
	});

	it('a server known to honour 300 but capped lower loses records: the memory must be per server', async () => {
		// The reason pageSizeMemory is keyed by server: wrongly shared memory would end early.
		const { calls, fetchPage } = fakeServer(1000, { cap: 100 });
		const records = await fetchPages(fetchPage, { pageSize: 300, memory: honours(300) });
		expect(records).toHaveLength(100);
		expect(calls).toHaveLength(1);
	});

	it('memory learns the full page size, so the next run saves the confirming call', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		const first = fakeServer(650);
		expect(await fetchPages(first.fetchPage, { memory })).toHaveLength(650);
		expect(memory.fullUpTo).toBe(300);
		const second = fakeServer(40);
		expect(await fetchPages(second.fetchPage, { memory })).toHaveLength(40);
		expect(second.calls).toHaveLength(1);
	});

	it('a capped server teaches nothing (short pages prove no size)', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		await fetchPages(fakeServer(500, { cap: 100 }).fetchPage, { memory });
		expect(memory.fullUpTo).toBe(0);
	});

	it('without memory it behaves like fresh memory', async () => {
		const { calls, fetchPage } = fakeServer(50);
		expect(await fetchPages(fetchPage)).toHaveLength(50);
		expect(calls).toHaveLength(2);
	});

	it('pageSizeMemory is one object per server', () => {
		const a = pageSizeMemory('https://a.example/API.php');
		expect(pageSizeMemory('https://a.example/API.php')).toBe(a);
		expect(pageSizeMemory('https://b.example/API.php')).not.toBe(a);
		expect(a.fullUpTo).toBe(0);
	});
});

describe('fetchPages: page size 10 (ported)', () => {
	it.each([
		// [records, calls with a known server, calls with fresh memory]; a request of at most
		// TRUSTED_PAGE_SIZE trusts a short page, memory or not.
		[0, 1, 1],
		[1, 1, 1],
		[9, 1, 1],
		[10, 2, 2],
		[11, 2, 2],
		[25, 3, 3],
		[30, 4, 4],
	])('%i records → %i calls (known), %i calls (fresh)', async (total, knownCalls, freshCalls) => {
		const known = fakeServer(total);
		expect((await fetchPages(known.fetchPage, { pageSize: 10, memory: honours(10) })).map((r) => r.id)).toEqual(ids(0, total));
		expect(known.calls).toHaveLength(knownCalls);
		known.calls.forEach(([offset, limit], i) => expect([offset, limit]).toEqual([i * 10, 10]));
		const fresh = fakeServer(total);
		expect((await fetchPages(fresh.fetchPage, { pageSize: 10 })).map((r) => r.id)).toEqual(ids(0, total));
		expect(fresh.calls).toHaveLength(freshCalls);
	});

	it('page size 1 over 7 records: 8 calls', async () => {
		const { calls, fetchPage } = fakeServer(7);
		expect(await fetchPages(fetchPage, { pageSize: 1 })).toHaveLength(7);
		expect(calls).toHaveLength(8);
		expect(calls.map(([o]) => o)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('defaults to 300 per page', async () => {
		const { calls, fetchPage } = fakeServer(301);
		await fetchPages(fetchPage);
		expect(calls).toEqual([
			[0, MAX_PAGE_SIZE],
			[300, MAX_PAGE_SIZE],
		]);
	});
});

describe('fetchPages: requests of at most TRUSTED_PAGE_SIZE trust a short page', () => {
	it('is 100: every server caps at 100 or more', () => {
		expect(TRUSTED_PAGE_SIZE).toBe(100);
	});

	it.each([
		// [page size, records, calls on fresh memory]
		[100, 50, 1],
		[100, 250, 3],
		[101, 50, 2],
		[300, 50, 2],
	])('page size %i over %i records → %i calls', async (pageSize, total, expectedCalls) => {
		const { calls, fetchPage } = fakeServer(total);
		expect((await fetchPages(fetchPage, { pageSize })).map((r) => r.id)).toEqual(ids(0, total));
		expect(calls).toHaveLength(expectedCalls);
	});

	it('a small max (Limit) on fresh memory: one call', async () => {
		const { calls, fetchPage } = fakeServer(30);
		expect(await fetchPages(fetchPage, { max: 50 })).toHaveLength(30);
		expect(calls).toEqual([[0, 50]]);
	});
});

describe('fetchPages: max, offset, over-delivery', () => {
	it('max stops early and asks only for what is missing', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect(await fetchPages(fetchPage, { pageSize: 10, max: 25 })).toHaveLength(25);
		expect(calls).toEqual([
			[0, 10],
			[10, 10],
			[20, 5],
		]);
	});

	it('max that is a multiple of the page size makes no extra call', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect(await fetchPages(fetchPage, { pageSize: 10, max: 20 })).toHaveLength(20);
		expect(calls).toHaveLength(2);
	});

	it('max smaller than the page size asks for max only', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect(await fetchPages(fetchPage, { max: 2 })).toHaveLength(2);
		expect(calls).toEqual([[0, 2]]);
	});

	it('max larger than the total stops at the short page once the size is known', async () => {
		const { calls, fetchPage } = fakeServer(15);
		expect(await fetchPages(fetchPage, { pageSize: 10, max: 100 })).toHaveLength(15);
		expect(calls).toEqual([
			[0, 10],
			[10, 10],
		]);
	});

	it('max 0 makes no call', async () => {
		const { calls, fetchPage } = fakeServer(5);
		expect(await fetchPages(fetchPage, { max: 0 })).toEqual([]);
		expect(calls).toHaveLength(0);
	});

	it('max with a capped server: complete up to max', async () => {
		const { calls, fetchPage } = fakeServer(1000, { cap: 100 });
		expect((await fetchPages(fetchPage, { max: 250 })).map((r) => r.id)).toEqual(ids(0, 250));
		expect(calls).toEqual([
			[0, 250],
			[100, 150],
			[200, 50],
		]);
	});

	it('offset: starts there and reads to the end', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect((await fetchPages(fetchPage, { offset: 250 })).map((r) => r.id)).toEqual(ids(250, 1000));
		expect(calls).toEqual([
			[250, 300],
			[550, 300],
			[850, 300],
		]);
	});

	it('offset with max; a negative or fractional offset is floored at 0', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect((await fetchPages(fetchPage, { offset: 990, max: 5, pageSize: 10 })).map((r) => r.id)).toEqual(ids(990, 995));
		expect(calls).toEqual([[990, 5]]);
		const neg = fakeServer(3);
		await fetchPages(neg.fetchPage, { offset: -5 });
		expect(neg.calls[0][0]).toBe(0);
		const frac = fakeServer(10);
		await fetchPages(frac.fetchPage, { offset: 2.7 });
		expect(frac.calls[0][0]).toBe(2);
	});

	it('offset past the end: one empty call', async () => {
		const { calls, fetchPage } = fakeServer(10);
		expect(await fetchPages(fetchPage, { offset: 50 })).toEqual([]);
		expect(calls).toHaveLength(1);
	});

	it('a server that ignores limit (returns more) is sliced: never more than max, no duplicates, none lost', async () => {
		const over = fakeServer(1000, { overDeliver: 5 });
		expect(await fetchPages(over.fetchPage, { pageSize: 10, max: 12 })).toHaveLength(12);
		const all = fakeServer(95, { overDeliver: 7 });
		expect((await fetchPages(all.fetchPage, { pageSize: 10 })).map((r) => r.id)).toEqual(ids(0, 95));
	});

	it.each([
		[1000, 300],
		[301, 300],
		[0, 1],
		[-5, 1],
		[2.9, 2],
		[Infinity, 300],
		[NaN, 300],
	])('page size %p is clamped to %p', async (pageSize, expected) => {
		expect(clampPageSize(pageSize)).toBe(expected);
		const { calls, fetchPage } = fakeServer(3, { maxCalls: 20 });
		await fetchPages(fetchPage, { pageSize });
		expect(calls[0]).toEqual([0, expected]);
	});

	it('propagates a page error', async () => {
		let n = 0;
		await expect(
			fetchPages(
				async () => {
					if (++n === 2) throw new Error('boom');
					return [{ id: 1 }, { id: 2 }];
				},
				{ pageSize: 2 },
			),
		).rejects.toThrow('boom');
	});
});
