import type { IDataObject } from 'n8n-workflow';

import { eachJob, firstFailure, runGate } from '../../../nodes/SarvCrm/batch';
import type { Job, Outcome, RunGate } from '../../../nodes/SarvCrm/operation';
import { fakeItem } from './fake-item';

/** Without Continue On Fail the run stops at an error; with it, it goes on. */
const STOPS = { continueOnFail: false };
const GOES_ON = { continueOnFail: true };

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const jobs = (n: number): Array<Job<number>> => Array.from({ length: n }, (_, input) => ({ item: fakeItem(), input }));

/** Work whose every job waits for the test to settle it; counts what is in flight. */
function controlledWork(n: number) {
	const pending = Array.from({ length: n }, () => deferred<IDataObject[] | null>());
	const started: number[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const work = async (job: Job<number>) => {
		started.push(job.input);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			return await pending[job.input].promise;
		} finally {
			inFlight--;
		}
	};
	return {
		work,
		pending,
		started,
		get inFlight() {
			return inFlight;
		},
		get maxInFlight() {
			return maxInFlight;
		},
	};
}

/** Work that finishes at once (after a tick), recording the peak of jobs in flight. */
function instantWork() {
	let inFlight = 0;
	let maxInFlight = 0;
	const started: number[] = [];
	const work = async (job: Job<number>) => {
		started.push(job.input);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await settle();
		inFlight--;
		return [{ n: job.input }];
	};
	return {
		work,
		started,
		get maxInFlight() {
			return maxInFlight;
		},
	};
}

describe('runGate', () => {
	it('starts unstopped; halted() stops it at a failed outcome only without Continue On Fail', () => {
		const stops = runGate(STOPS);
		expect(stops.stopped).toBe(false);
		expect(stops.halted([[{ id: 'a' }], null])).toBe(false);
		expect(stops.stopped).toBe(false);
		expect(stops.halted([[{ id: 'a' }], new Error('x')])).toBe(true);
		expect(stops.stopped).toBe(true);
		// Once stopped, it stays stopped.
		expect(stops.halted([])).toBe(true);
		const goesOn = runGate(GOES_ON);
		expect(goesOn.halted([new Error('x')])).toBe(false);
		expect(goesOn.stopped).toBe(false);
	});

	it("gives the work's records, and null when the work itself gives null", async () => {
		const gate = runGate(STOPS);
		expect(await gate.step(async () => [{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect(await gate.step(async () => null)).toBeNull();
		expect(gate.stopped).toBe(false);
	});

	it('gives the Error the work threw, the same object', async () => {
		const error = new TypeError('bad item');
		const outcome = await runGate(GOES_ON).step(async () => {
			throw error;
		});
		expect(outcome).toBe(error);
	});

	it('wraps a non-Error throw in an Error with its text', async () => {
		const gate = runGate(GOES_ON);
		const fromString = await gate.step(async () => {
			throw 'plain text';
		});
		expect(fromString).toBeInstanceOf(Error);
		expect((fromString as Error).message).toBe('plain text');
		const fromNumber = await gate.step(async () => {
			throw 42;
		});
		expect(fromNumber).toBeInstanceOf(Error);
		expect((fromNumber as Error).message).toBe('42');
	});

	it('without Continue On Fail: the first failure stops the gate, and no later step runs its work', async () => {
		const gate = runGate(STOPS);
		await gate.step(async () => {
			throw new Error('first');
		});
		expect(gate.stopped).toBe(true);
		const later = jest.fn(async () => [{ id: 'x' }]);
		expect(await gate.step(later)).toBeNull();
		expect(later).not.toHaveBeenCalled();
	});

	it('without Continue On Fail: a step already started when another fails still finishes with its records', async () => {
		const gate = runGate(STOPS);
		const slow = deferred<IDataObject[]>();
		const running = gate.step(async () => await slow.promise);
		const failed = await gate.step(async () => {
			throw new Error('boom');
		});
		expect((failed as Error).message).toBe('boom');
		expect(gate.stopped).toBe(true);
		slow.resolve([{ id: 'slow' }]);
		expect(await running).toEqual([{ id: 'slow' }]);
	});

	it('with Continue On Fail: never stops, every step runs', async () => {
		const gate = runGate(GOES_ON);
		const outcomes: Outcome[] = [];
		outcomes.push(await gate.step(async () => Promise.reject(new Error('one'))));
		outcomes.push(await gate.step(async () => [{ id: '2' }]));
		outcomes.push(await gate.step(async () => Promise.reject(new Error('three'))));
		outcomes.push(await gate.step(async () => [{ id: '4' }]));
		expect(gate.stopped).toBe(false);
		expect(outcomes.map((o) => (o instanceof Error ? o.message : o))).toEqual(['one', [{ id: '2' }], 'three', [{ id: '4' }]]);
	});
});

describe('eachJob', () => {
	it('keeps at most `width` jobs in flight, and starts the next one as soon as a lane frees', async () => {
		const w = controlledWork(5);
		const run = eachJob(jobs(5), 2, runGate(STOPS), w.work);
		await settle();
		expect(w.started).toEqual([0, 1]);
		expect(w.inFlight).toBe(2);
		w.pending[1].resolve([{ n: 1 }]);
		await settle();
		expect(w.started).toEqual([0, 1, 2]);
		expect(w.inFlight).toBe(2);
		w.pending[0].resolve([{ n: 0 }]);
		w.pending[2].resolve([{ n: 2 }]);
		await settle();
		expect(w.started).toEqual([0, 1, 2, 3, 4]);
		w.pending[4].resolve([{ n: 4 }]);
		w.pending[3].resolve([{ n: 3 }]);
		expect(await run).toEqual([[{ n: 0 }], [{ n: 1 }], [{ n: 2 }], [{ n: 3 }], [{ n: 4 }]]);
		expect(w.maxInFlight).toBe(2);
	});

	it('gives outcomes in job order when jobs finish in reverse order', async () => {
		const w = controlledWork(3);
		const run = eachJob(jobs(3), 3, runGate(GOES_ON), w.work);
		await settle();
		expect(w.inFlight).toBe(3);
		w.pending[2].resolve([{ n: 2 }]);
		await settle();
		w.pending[1].resolve(null);
		await settle();
		w.pending[0].resolve([{ n: 0 }]);
		expect(await run).toEqual([[{ n: 0 }], null, [{ n: 2 }]]);
	});

	it('without Continue On Fail: after a failure, the job in flight finishes and no new job starts', async () => {
		const w = controlledWork(6);
		const gate = runGate(STOPS);
		const run = eachJob(jobs(6), 2, gate, w.work);
		await settle();
		w.pending[0].reject(new Error('item 0 failed'));
		await settle();
		expect(gate.stopped).toBe(true);
		expect(w.started).toEqual([0, 1]);
		w.pending[1].resolve([{ n: 1 }]);
		const outcomes = await run;
		expect(w.started).toEqual([0, 1]);
		expect((outcomes[0] as Error).message).toBe('item 0 failed');
		expect(outcomes.slice(1)).toEqual([[{ n: 1 }], null, null, null, null]);
	});

	it('with Continue On Fail: every job runs, failures in their places', async () => {
		const work = async (job: Job<number>) => {
			if (job.input % 2 === 0) throw new Error(`item ${job.input}`);
			return [{ n: job.input }];
		};
		const outcomes = await eachJob(jobs(5), 2, runGate(GOES_ON), work);
		expect(outcomes.map((o) => (o instanceof Error ? o.message : o))).toEqual(['item 0', [{ n: 1 }], 'item 2', [{ n: 3 }], 'item 4']);
	});

	it('without Continue On Fail, one lane: stops right at the failed job', async () => {
		const w = instantWork();
		const work = async (job: Job<number>) => {
			if (job.input === 2) throw new Error('third');
			return await w.work(job);
		};
		const outcomes = await eachJob(jobs(5), 1, runGate(STOPS), work);
		expect(w.started).toEqual([0, 1]);
		expect(outcomes.map((o) => (o instanceof Error ? o.message : o))).toEqual([[{ n: 0 }], [{ n: 1 }], 'third', null, null]);
	});

	it('asks the gate for no further step once it reports stopped', async () => {
		const inner = runGate(STOPS);
		let calls = 0;
		const gate: RunGate = {
			halted: (outcomes) => inner.halted(outcomes),
			get stopped() {
				return inner.stopped;
			},
			step: async (work) => {
				calls++;
				return await inner.step(work);
			},
		};
		const work = async (job: Job<number>) => {
			if (job.input === 1) throw new Error('second');
			return [{ n: job.input }];
		};
		await eachJob(jobs(10), 1, gate, work);
		expect(calls).toBe(2);
	});

	it('starts nothing on a gate that has already stopped', async () => {
		const gate = runGate(STOPS);
		await gate.step(async () => Promise.reject(new Error('earlier')));
		const work = jest.fn(async () => [{}]);
		expect(await eachJob(jobs(3), 2, gate, work)).toEqual([null, null, null]);
		expect(work).not.toHaveBeenCalled();
	});

	it.each([
		['0', 0],
		['NaN', Number.NaN],
		['negative', -3],
		['below one', 0.5],
	])('runs one job at a time for width %s', async (_label, width) => {
		const w = instantWork();
		const outcomes = await eachJob(jobs(4), width, runGate(STOPS), w.work);
		expect(w.maxInFlight).toBe(1);
		expect(w.started).toEqual([0, 1, 2, 3]);
		expect(outcomes).toEqual([[{ n: 0 }], [{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
	});

	it.each([
		['huge', 1e9],
		['Infinity', Number.POSITIVE_INFINITY],
	])('runs every job at once for width %s, no more lanes than jobs', async (_label, width) => {
		const w = instantWork();
		const outcomes = await eachJob(jobs(4), width, runGate(STOPS), w.work);
		expect(w.maxInFlight).toBe(4);
		expect(outcomes).toHaveLength(4);
	});

	it('rounds a fractional width down', async () => {
		const w = instantWork();
		await eachJob(jobs(6), 2.9, runGate(STOPS), w.work);
		expect(w.maxInFlight).toBe(2);
	});

	it('gives no outcomes for no jobs, without calling the work', async () => {
		const work = jest.fn(async () => [{}]);
		expect(await eachJob([], 4, runGate(STOPS), work)).toEqual([]);
		expect(work).not.toHaveBeenCalled();
	});

	it('hands the work the job itself', async () => {
		const list = jobs(2);
		const seen: Array<Job<number>> = [];
		await eachJob(list, 2, runGate(STOPS), async (job) => {
			seen.push(job);
			return [];
		});
		expect(seen[0]).toBe(list[0]);
		expect(seen[1]).toBe(list[1]);
	});
});

describe('firstFailure', () => {
	it('is undefined when nothing failed (records, skipped, or no outcomes)', () => {
		expect(firstFailure([])).toBeUndefined();
		expect(firstFailure([[{ id: '1' }], null, []])).toBeUndefined();
	});

	it('names the first error in input order and counts the items that gave records', () => {
		const first = new Error('first');
		const second = new Error('second');
		const outcomes: Outcome[] = [[{ id: '0' }], null, first, [{ id: '3' }], second, []];
		expect(firstFailure(outcomes)).toEqual({ index: 2, error: first, done: 3, written: 3, failed: 2, skipped: 0, notSent: 1 });
		expect(firstFailure(outcomes)!.error).toBe(first);
	});

	it('counts nothing done when the first item failed and the rest were skipped', () => {
		const error = new Error('x');
		expect(firstFailure([error, null, null])).toEqual({ index: 0, error, done: 0, written: 0, failed: 1, skipped: 0, notSent: 2 });
	});

	it('counts the errors a predicate names as skipped among the failed', () => {
		const skipped = new Error('skipped');
		const other = new Error('other');
		const counts = firstFailure([other, skipped, [{ id: '2' }]], (e) => e === skipped);
		expect(counts).toMatchObject({ written: 1, failed: 2, skipped: 1, notSent: 0 });
	});
});
