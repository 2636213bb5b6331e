import type { ItemOutput, Job, Outcome, RunGate } from './operation';

/** The gate of one run (see RunGate): the only place the stop rule is written. */
export function runGate(stopOnError: boolean): RunGate {
	let stopped = false;
	return {
		stopOnError,
		get stopped() {
			return stopped;
		},
		async step(work: () => Promise<ItemOutput[] | null>): Promise<Outcome> {
			if (stopped) return null;
			try {
				return await work();
			} catch (error) {
				if (stopOnError) stopped = true;
				return error instanceof Error ? error : new Error(String(error));
			}
		},
	};
}

/** Runs every job through the gate, at most `width` at once, outcomes in job order. */
export async function eachJob<I>(
	jobs: ReadonlyArray<Job<I>>,
	width: number,
	gate: RunGate,
	work: (job: Job<I>) => Promise<ItemOutput[] | null>,
): Promise<Outcome[]> {
	const outcomes: Outcome[] = new Array<Outcome>(jobs.length).fill(null);
	let next = 0;
	const lanes = Math.max(1, Math.min(Math.floor(width) || 1, jobs.length));
	await Promise.all(
		Array.from({ length: lanes }, async () => {
			while (next < jobs.length && !gate.stopped) {
				const index = next++;
				outcomes[index] = await gate.step(async () => await work(jobs[index]));
			}
		}),
	);
	return outcomes;
}

/** How a run's items ended: written, failed (skipped ones among them, counted apart too), not sent. */
export interface RunSummary {
	written: number;
	failed: number;
	/** Failed because the server left them out silently (set_entries) */
	skipped: number;
	notSent: number;
}

/** Where a run ended: the first error in input order, and how every item ended (exact counts). */
export function firstFailure(
	outcomes: readonly Outcome[],
	isSkipped: (error: Error) => boolean = () => false,
): ({ index: number; error: Error; done: number } & RunSummary) | undefined {
	const index = outcomes.findIndex((o) => o instanceof Error);
	if (index < 0) return undefined;
	const errors = outcomes.filter((o): o is Error => o instanceof Error);
	const done = outcomes.filter((o) => Array.isArray(o)).length;
	const notSent = outcomes.filter((o) => o === null).length;
	return { index, error: errors[0], done, written: done, failed: errors.length, skipped: errors.filter(isSkipped).length, notSent };
}
