import type { IDataObject } from 'n8n-workflow';

import { clampPageSize, fetchPages, MAX_PAGE_SIZE, type PageSizeMemory } from '../../../nodes/core/paging';
import { serverKnowledge } from '../../../nodes/core/server';

/**
 * A fake server holding `total` records r0..r(total-1). It returns at most `cap` per call
 * (a server cap below the page size answers a short page, no error), `overDeliver` more
 * than asked (a server that ignores `limit`), and records every (offset, limit) asked.
 */
function fakeServer(total: number, { cap = Infinity, overDeliver = 0, maxCalls = 10_000, ignoresLimit = false } = {}) {
	const calls: Array<[number, number]> = [];
	let probes = 0;
	const fetchPage = async (offset: number, limit: number): Promise<IDataObject[]> => {
		calls.push([offset, limit]);
		if (calls.length > maxCalls) throw new Error(`runaway paging: more than ${maxCalls} calls`);
		const n = ignoresLimit ? cap : Math.min(Number.isFinite(limit) ? limit : 1, cap) + overDeliver;
		const end = Math.min(total, offset + n);
		const page: IDataObject[] = [];
		for (let i = offset; i < end; i++) page.push({ id: `r${i}` });
		return page;
	};
	/** The module-wide ids-only page of 300 (the node's cap probe) on the same server. */
	const probe = async (moduleTotal = total) => {
		probes++;
		return Math.min(ignoresLimit ? cap : MAX_PAGE_SIZE, cap, moduleTotal);
	};
	return { calls, fetchPage, probe, probes: () => probes };
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
		// every call starts where the last one ended, and asks for the page size or, once known, the cap
		let offset = 0;
		for (const [o, limit] of calls) {
			expect(o).toBe(offset);
			expect([300, cap]).toContain(limit);
			offset = Math.min(total, offset + Math.min(300, cap));
		}
	});

	it('a server known to honour 300 but capped lower loses records: the memory must be per server', async () => {
		// The reason the page size memory is kept per server: wrongly shared memory would end early.
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

	it('a capped server teaches its cap: a short page followed by more records', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		await fetchPages(fakeServer(500, { cap: 100 }).fetchPage, { memory });
		expect(memory.cap).toBe(100);
		// From then on a page shorter than the cap ends at once, and pages ask for the cap.
		const next = fakeServer(150, { cap: 100 });
		expect(await fetchPages(next.fetchPage, { memory })).toHaveLength(150);
		expect(next.calls).toEqual([
			[0, 100],
			[100, 100],
		]);
	});

	it('a short page followed by an empty one teaches no cap', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		await fetchPages(fakeServer(40, { cap: 100 }).fetchPage, { memory });
		expect(memory.cap).toBeUndefined();
		expect(memory.fullUpTo).toBe(40);
	});

	it('without memory it behaves like fresh memory', async () => {
		const { calls, fetchPage } = fakeServer(50);
		expect(await fetchPages(fetchPage)).toHaveLength(50);
		expect(calls).toHaveLength(2);
	});

	it('the page size memory is one object per server', () => {
		const a = serverKnowledge('https://a.example/API.php').paging;
		expect(serverKnowledge('https://a.example/API.php/').paging).toBe(a);
		expect(serverKnowledge('https://b.example/API.php').paging).not.toBe(a);
		expect(a.fullUpTo).toBe(0);
	});
});

describe('fetchPages: page size 10 (ported)', () => {
	it.each([
		// [records, calls with a known server, calls with fresh memory]: fresh, a short first page is
		// confirmed by the next one (no probe here).
		[0, 1, 1],
		[1, 1, 2],
		[9, 1, 2],
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

describe('fetchPages: any cap from 1 up, learned once per server', () => {
	it.each([
		// [server cap, ignores limit, records, Limit]
		[20, false, 1000, 50],
		[20, true, 1000, 50],
		[1, false, 60, 50],
		[1, true, 60, 50],
		[100, false, 1000, 250],
		[100, true, 1000, 250],
		[300, false, 1000, 50],
	])(
		'cap %i (ignores limit: %s) over %i records: Limit %i is exact, Return All reads each once',
		async (cap, ignoresLimit, total, limit) => {
			const memory: PageSizeMemory = { fullUpTo: 0 };
			const limited = fakeServer(total, { cap, ignoresLimit });
			expect((await fetchPages(limited.fetchPage, { max: limit, memory, probe: () => limited.probe() })).map((r) => r.id)).toEqual(
				ids(0, limit),
			);
			const all = fakeServer(total, { cap, ignoresLimit });
			expect((await fetchPages(all.fetchPage, { memory, probe: () => all.probe() })).map((r) => r.id)).toEqual(ids(0, total));
			// The cap (or that the page size is safe) was learned at most once: the second listing probed nothing.
			expect(limited.probes() + all.probes()).toBeLessThanOrEqual(1);
			expect(all.probes()).toBe(0);
			expect(all.calls.length).toBe(Math.floor(total / Math.min(cap, 300)) + 1);
		},
	);

	it('a short page with the cap unknown costs one probe; a module-wide page above it proves the end', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		const server = fakeServer(290);
		expect(await fetchPages(server.fetchPage, { memory, probe: () => server.probe(5000) })).toHaveLength(290);
		expect(server.calls).toHaveLength(1);
		expect(server.probes()).toBe(1);
		expect(memory.fullUpTo).toBe(300);
		// Warm: a later short page ends at once, without a probe.
		const later = fakeServer(120);
		expect(await fetchPages(later.fetchPage, { memory, probe: () => later.probe(5000) })).toHaveLength(120);
		expect([later.calls.length, later.probes()]).toEqual([1, 0]);
	});

	it('listings that need the probe at once share one', async () => {
		const memory: PageSizeMemory = { fullUpTo: 0 };
		let probes = 0;
		const probe = async () => {
			probes++;
			return 300;
		};
		const lists = await Promise.all([10, 20, 30].map(async (n) => await fetchPages(fakeServer(n).fetchPage, { memory, probe })));
		expect(lists.map((l) => l.length)).toEqual([10, 20, 30]);
		expect(probes).toBe(1);
	});

	it('a small max (Limit) on fresh memory and a probe: one call and the probe', async () => {
		const server = fakeServer(30);
		expect(await fetchPages(server.fetchPage, { max: 50, probe: () => server.probe(5000) })).toHaveLength(30);
		expect(server.calls).toEqual([[0, 50]]);
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

describe('fetchPages with parallel: the rest of a long listing at once, after a few full pages', () => {
	/** A count that says `total` (or what `says` returns), recording when it was asked. */
	const counter = (says: () => number | undefined | Promise<number | undefined>) => {
		const asked: number[] = [];
		return { asked, count: async () => (asked.push(asked.length), await says()) };
	};
	const parallel = (count: () => Promise<number | undefined>, width = 4) => ({ after: 4, width, count });

	it('1,000 records at page 300: one page after another, no count (4 calls)', async () => {
		const server = fakeServer(1000);
		const c = counter(() => 1000);
		const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(c.count) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 1000));
		expect(server.calls).toHaveLength(4);
		expect(c.asked).toHaveLength(0);
	});

	it('10,000 records: counted after 4 full pages, the rest 4 at once, every record once in order, counted again', async () => {
		const server = fakeServer(10_000);
		const c = counter(() => 10_000);
		let inFlight = 0;
		let most = 0;
		const fetchPage = async (offset: number, limit: number) => {
			most = Math.max(most, ++inFlight);
			await new Promise((r) => setImmediate(r));
			inFlight--;
			return await server.fetchPage(offset, limit);
		};
		const records = await fetchPages(fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(c.count) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 10_000));
		expect(c.asked).toHaveLength(2);
		expect(most).toBe(4);
		// 34 pages (the last one short ends it), none read twice.
		expect(server.calls).toHaveLength(34);
		expect(new Set(server.calls.map(([o]) => o)).size).toBe(34);
	});

	it('a total that is a multiple of the page size: the page after the last must be empty', async () => {
		const server = fakeServer(3000);
		const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(async () => 3000) });
		expect(records).toHaveLength(3000);
		expect(server.calls.at(-1)).toEqual([3000, 300]);
	});

	it.each([
		['fails', async () => await Promise.reject(new Error('HTTP 500'))],
		['is unknown', async () => undefined],
		['counts deleted rows too (too high)', async () => 5_100],
		['is too low, on a page boundary', async () => 4_200],
		['is too low', async () => 4_000],
		['is below what was read', async () => 100],
		['is not a number', async () => NaN],
	])('a count that %s: the listing goes on one page after another, every record once', async (_name, says) => {
		const server = fakeServer(5_000);
		const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(says) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 5_000));
	});

	it.each([
		['fails', async () => await Promise.reject(new Error('HTTP 500'))],
		['is unknown', async () => undefined],
		['is below what was read', async () => 100],
	])('a count that %s: the pages read with it are kept, none is read twice', async (_name, says) => {
		for (const total of [1_350, 5_000]) {
			const server = fakeServer(total);
			const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(says) });
			expect(records.map((r) => r.id)).toEqual(ids(0, total));
			expect(new Set(server.calls.map(([o]) => o)).size).toBe(server.calls.length);
			// As one page after another, and the one page read ahead past the end at most.
			expect(server.calls.length).toBeLessThanOrEqual(Math.ceil(total / 300) + 1);
		}
	});

	it('a page that fails in parallel: read again one after another, from where the listing was', async () => {
		const server = fakeServer(3_000);
		let failed = false;
		const fetchPage = async (offset: number, limit: number) => {
			if (offset === 2_100 && !failed) {
				failed = true;
				throw new Error('dropped');
			}
			return await server.fetchPage(offset, limit);
		};
		const records = await fetchPages(fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(async () => 3_000) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 3_000));
		expect(failed).toBe(true);
	});

	it('records added meanwhile (the second count differs): the pages are not kept', async () => {
		const server = fakeServer(3_000);
		let n = 0;
		const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(async () => (n++ ? 3_001 : 3_000)) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 3_000));
		// The parallel pages were read, then the listing went on one page after another.
		expect(server.calls.length).toBeGreaterThan(11);
	});

	describe('a listing remembered long (the same module and WHERE last time)', () => {
		const remembering = (c: { count: () => Promise<number | undefined> }, longBefore: boolean) => {
			const told: boolean[] = [];
			return { told, parallel: { ...parallel(c.count), longBefore, learned: (long: boolean) => told.push(long) } };
		};

		it('10,000 records: counted with the first two pages, every record once in order, 34 pages', async () => {
			const server = fakeServer(10_000);
			const asked: Array<number | 'count'> = [];
			const fetchPage = async (offset: number, limit: number) => (asked.push(offset), await server.fetchPage(offset, limit));
			const c = counter(() => (asked.push('count'), 10_000));
			const { told, parallel: p } = remembering(c, true);
			const records = await fetchPages(fetchPage, { memory: honours(300), parallel: p });
			expect(records.map((r) => r.id)).toEqual(ids(0, 10_000));
			// The count goes out with the first two pages, before any other.
			expect(new Set(asked.slice(0, 3))).toEqual(new Set([0, 300, 'count']));
			expect(server.calls).toHaveLength(34);
			expect(told).toEqual([true]);
		});

		it('cold, it learns: long after a read at once; short, or a count that fails, unlearns', async () => {
			const long = remembering(
				counter(() => 10_000),
				false,
			);
			await fetchPages(fakeServer(10_000).fetchPage, { memory: honours(300), parallel: long.parallel });
			expect(long.told).toEqual([true]);
			const short = remembering(
				counter(() => 1_000),
				false,
			);
			await fetchPages(fakeServer(1_000).fetchPage, { memory: honours(300), parallel: short.parallel });
			expect(short.told).toEqual([false]);
			const failing = remembering(
				counter(() => undefined),
				false,
			);
			expect(await fetchPages(fakeServer(5_000).fetchPage, { memory: honours(300), parallel: failing.parallel })).toHaveLength(5_000);
			expect(failing.told).toEqual([false]);
		});

		it.each([
			['shrank to 100 records', 100, async () => 100],
			['shrank to exactly two pages', 600, async () => 600],
			['is empty now', 0, async () => 0],
			['meets a count that fails', 5_000, async () => await Promise.reject(new Error('HTTP 500'))],
			['meets a count that is too high', 5_000, async () => 5_100],
		])('a listing remembered long that %s: every record once, in order, and it is not long next time', async (_name, total, says) => {
			const server = fakeServer(total);
			const { told, parallel: p } = remembering({ count: says }, true);
			const records = await fetchPages(server.fetchPage, { memory: honours(300), parallel: p });
			expect(records.map((r) => r.id)).toEqual(ids(0, total));
			expect(told).toEqual([false]);
		});

		it('not before this server was seen to fill a page of the size asked', async () => {
			const server = fakeServer(10_000, { cap: 100 });
			const c = counter(() => 10_000);
			const { parallel: p } = remembering(c, true);
			const records = await fetchPages(server.fetchPage, { memory: { fullUpTo: 0 }, parallel: p });
			expect(records.map((r) => r.id)).toEqual(ids(0, 10_000));
			expect(server.calls[0]).toEqual([0, 300]);
			expect(server.calls[1][0]).toBe(100);
		});
	});

	it('with Limit (max), or a cap below the page size until it is known, nothing is counted early', async () => {
		const c = counter(() => 5_000);
		await fetchPages(fakeServer(5_000).fetchPage, { max: 2_000, memory: { fullUpTo: 0 }, parallel: parallel(c.count) });
		expect(c.asked).toHaveLength(0);
		const capped = fakeServer(5_000, { cap: 100 });
		const records = await fetchPages(capped.fetchPage, { memory: { fullUpTo: 0 }, parallel: parallel(c.count) });
		expect(records.map((r) => r.id)).toEqual(ids(0, 5_000));
		// Pages of the cap, once it is known: the rest at 100 a page.
		expect(capped.calls.at(-1)?.[1]).toBe(100);
		expect(c.asked.length).toBeGreaterThan(0);
	});
});
