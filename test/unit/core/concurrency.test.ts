import { mapWithConcurrency } from '../../../nodes/core/concurrency';

const tick = () => new Promise((r) => setImmediate(r));

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

	// Math.max(1, Math.min(NaN, n)) would be NaN: no worker would run, the result all holes.
	it('a NaN limit still runs every task', async () => {
		const task = jest.fn(async (x: number) => x);
		expect(await mapWithConcurrency([1, 2], NaN, task)).toEqual([1, 2]);
	});

	it('with a stop predicate: nothing starts once it says stop, the unstarted stay undefined', async () => {
		const started: number[] = [];
		const results = await mapWithConcurrency(
			[0, 1, 2, 3, 4, 5],
			2,
			async (x) => {
				started.push(x);
				return x * 10;
			},
			{ stop: () => started.length >= 3 },
		);
		expect(started).toEqual([0, 1, 2]);
		expect(results).toEqual([0, 10, 20, undefined, undefined, undefined]);
	});

	it('an infinite limit runs every input at once', async () => {
		let inFlight = 0;
		let peak = 0;
		await mapWithConcurrency([1, 2, 3, 4], Number.POSITIVE_INFINITY, async () => {
			peak = Math.max(peak, ++inFlight);
			await new Promise((r) => setTimeout(r, 5));
			inFlight--;
		});
		expect(peak).toBe(4);
	});
});
