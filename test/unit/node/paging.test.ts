import type { IDataObject } from 'n8n-workflow';

import { fetchPages, mapWithConcurrency, MAX_PAGE_SIZE } from '../../../nodes/SarvCrm/transport/paging';

/** A fake server holding `total` records, recording every (offset, limit) asked. */
function fakeServer(total: number, { overDeliver = 0, maxCalls = 10_000 } = {}) {
	const calls: Array<[number, number]> = [];
	const fetchPage = async (offset: number, limit: number): Promise<IDataObject[]> => {
		calls.push([offset, limit]);
		if (calls.length > maxCalls) throw new Error(`runaway paging: more than ${maxCalls} calls`);
		const n = Number.isFinite(limit) ? limit : 1;
		const end = Math.min(total, offset + n + overDeliver);
		const page: IDataObject[] = [];
		for (let i = offset; i < end; i++) page.push({ id: `r${i}` });
		return page;
	};
	return { calls, fetchPage };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('fetchPages', () => {
	it.each([
		[0, 10, 1],
		[1, 10, 1],
		[9, 10, 1],
		[10, 10, 2],
		[11, 10, 2],
		[25, 10, 3],
		[30, 10, 4],
		[599, 300, 2],
		[600, 300, 3],
		[7, 1, 8],
	])('%i records with page size %i → %i calls', async (total, pageSize, expectedCalls) => {
		const { calls, fetchPage } = fakeServer(total);
		const records = await fetchPages(fetchPage, { pageSize });
		expect(records).toHaveLength(total);
		expect(records.map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => `r${i}`));
		expect(calls).toHaveLength(expectedCalls);
		expect(calls).toHaveLength(Math.ceil(total / pageSize) + (total % pageSize === 0 ? 1 : 0));
		calls.forEach(([offset, limit], i) => {
			expect(offset).toBe(i * pageSize);
			expect(limit).toBe(pageSize);
		});
	});

	it('defaults to 300 per page', async () => {
		const { calls, fetchPage } = fakeServer(301);
		await fetchPages(fetchPage);
		expect(calls).toEqual([
			[0, MAX_PAGE_SIZE],
			[300, MAX_PAGE_SIZE],
		]);
	});

	it('max stops early and asks only for what is missing', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		const records = await fetchPages(fetchPage, { pageSize: 10, max: 25 });
		expect(records).toHaveLength(25);
		expect(calls).toEqual([
			[0, 10],
			[10, 10],
			[20, 5],
		]);
	});

	it('max that is a multiple of the page size makes no extra call', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		const records = await fetchPages(fetchPage, { pageSize: 10, max: 20 });
		expect(records).toHaveLength(20);
		expect(calls).toHaveLength(2);
	});

	it('max smaller than the page size asks for max only', async () => {
		const { calls, fetchPage } = fakeServer(1000);
		expect(await fetchPages(fetchPage, { max: 2 })).toHaveLength(2);
		expect(calls).toEqual([[0, 2]]);
	});

	it('max larger than the total stops at the short page', async () => {
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

	it.each([
		[1000, 300],
		[301, 300],
		[0, 1],
		[-5, 1],
		[2.9, 2],
		[Infinity, 300],
	])('page size %p is clamped to %p', async (pageSize, expected) => {
		const { calls, fetchPage } = fakeServer(3);
		await fetchPages(fetchPage, { pageSize });
		expect(calls[0]).toEqual([0, expected]);
	});

	// BUG (paging.ts:17): Math.max(1, Math.min(300, Math.floor(NaN))) is NaN, so `want` is
	// NaN, `page.length < NaN` is never true and paging never ends. The only caller
	// (records.ts:80) guards with `|| MAX_PAGE_SIZE`, so this is latent.
	it('a NaN page size is clamped too (does not page forever)', async () => {
		const { calls, fetchPage } = fakeServer(3, { maxCalls: 20 });
		await fetchPages(fetchPage, { pageSize: NaN });
		expect(calls[0][1]).toBeGreaterThanOrEqual(1);
		expect(calls[0][1]).toBeLessThanOrEqual(300);
	});

	// BUG (paging.ts:25): when the server returns more than `limit` (it ignores or caps
	// differently), the extra records are kept and the result exceeds `max`; the node's
	// "Limit" then does not limit (records.ts:81 does not slice either).
	it('never returns more than max, even if the server over-delivers', async () => {
		const { fetchPage } = fakeServer(1000, { overDeliver: 5 });
		expect(await fetchPages(fetchPage, { pageSize: 10, max: 12 })).toHaveLength(12);
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

describe('mapWithConcurrency', () => {
	function instrumented(delays: number[] | ((i: number) => number), failAt?: number) {
		const stats = { inFlight: 0, maxInFlight: 0, started: [] as number[], finished: [] as number[] };
		const task = async (input: number, index: number) => {
			stats.started.push(index);
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			const d = typeof delays === 'function' ? delays(index) : delays[index % delays.length];
			await new Promise((r) => setTimeout(r, d));
			stats.inFlight--;
			stats.finished.push(index);
			if (index === failAt) throw new Error(`task ${index} failed`);
			return input * 10;
		};
		return { stats, task };
	}

	it('keeps the input order even when tasks finish out of order', async () => {
		const inputs = Array.from({ length: 12 }, (_, i) => i);
		const { stats, task } = instrumented((i) => (12 - i) * 2);
		const results = await mapWithConcurrency(inputs, 4, task);
		expect(results).toEqual(inputs.map((i) => i * 10));
		expect(stats.finished).not.toEqual(inputs); // really finished out of order
	});

	it.each([1, 2, 3, 5, 50])('never more than %i in flight', async (limit) => {
		const inputs = Array.from({ length: 20 }, (_, i) => i);
		const { stats, task } = instrumented([3, 1, 4, 1, 5, 9, 2, 6]);
		await mapWithConcurrency(inputs, limit, task);
		expect(stats.maxInFlight).toBeLessThanOrEqual(limit);
		expect(stats.maxInFlight).toBe(Math.min(limit, inputs.length));
		expect(stats.started.sort((a, b) => a - b)).toEqual(inputs);
	});

	it('limit below 1 still runs one at a time', async () => {
		const { stats, task } = instrumented([1]);
		expect(await mapWithConcurrency([1, 2, 3], 0, task)).toEqual([10, 20, 30]);
		expect(stats.maxInFlight).toBe(1);
	});

	it('empty input → empty result, no task', async () => {
		const task = jest.fn(async () => 1);
		expect(await mapWithConcurrency([], 4, task)).toEqual([]);
		expect(task).not.toHaveBeenCalled();
	});

	it('passes the index to the task', async () => {
		expect(await mapWithConcurrency(['a', 'b', 'c'], 2, async (x, i) => `${x}${i}`)).toEqual(['a0', 'b1', 'c2']);
	});

	it('stops starting new tasks after a failure and rejects with that error', async () => {
		const inputs = Array.from({ length: 20 }, (_, i) => i);
		const { stats, task } = instrumented([5], 3);
		await expect(mapWithConcurrency(inputs, 2, task)).rejects.toThrow('task 3 failed');
		const startedAtFailure = stats.started.length;
		// let the task still in flight finish: nothing new may start afterwards
		await new Promise((r) => setTimeout(r, 40));
		await tick();
		expect(stats.started.length).toBe(startedAtFailure);
		expect(stats.started.length).toBeLessThanOrEqual(5);
		expect(stats.inFlight).toBe(0);
	});

	it('a failure of the very first task with limit 1 starts nothing else', async () => {
		const { stats, task } = instrumented([1], 0);
		await expect(mapWithConcurrency([1, 2, 3], 1, task)).rejects.toThrow('task 0 failed');
		await new Promise((r) => setTimeout(r, 10));
		expect(stats.started).toEqual([0]);
	});

	// BUG (paging.ts:40): Math.max(1, Math.min(NaN, n)) is NaN, Array.from({length: NaN}) is
	// empty, so no worker runs and the result is an array of holes. The caller (runner.ts:42)
	// guards with `|| DEFAULT_MAX_PARALLEL`, so this is latent.
	it('a NaN limit still runs every task', async () => {
		const task = jest.fn(async (x: number) => x);
		expect(await mapWithConcurrency([1, 2], NaN, task)).toEqual([1, 2]);
	});
});
