import { mapWithConcurrency } from '../core/concurrency';
import type { ItemOutput, Job, Outcome, RunGate } from './operation';
import type { RunSettings } from './settings';

/**
 * The gate of one run (see RunGate): the only place the stop rule is written. Without Continue
 * On Fail the first failure stops the run: what started finishes, nothing new starts.
 */
export function runGate({ continueOnFail }: Pick<RunSettings, 'continueOnFail'>): RunGate {
	const stopOnError = !continueOnFail;
	let stopped = false;
	return {
		get stopped() {
			return stopped;
		},
		halted(outcomes: Iterable<unknown>): boolean {
			if (stopOnError && !stopped) stopped = [...outcomes].some((o) => o instanceof Error);
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
	const outcomes = await mapWithConcurrency(jobs, width, async (job) => await gate.step(async () => await work(job)), {
		stop: () => gate.stopped,
	});
	return outcomes.map((outcome) => outcome ?? null);
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
