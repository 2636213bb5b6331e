/** When lanes stop taking new inputs (inputs already started finish either way). */
export interface LaneOptions {
	/** Asked before each start: true starts nothing more (a run's stop rule) */
	stop?: () => boolean;
}

/**
 * The package's one parallel-lanes loop: runs `task` over `inputs` with at most `limit` in
 * flight, results in input order. A task that throws starts nothing new, and the call rejects
 * with its error (tasks in flight finish). With `stop`, inputs never started stay undefined.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]>;
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
	options: LaneOptions,
): Promise<Array<R | undefined>>;
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
	{ stop = () => false }: LaneOptions = {},
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = inputs.map(() => undefined);
	let next = 0;
	let failed = false;
	// 0, NaN and below one run one at a time; Infinity runs every input at once.
	const width = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	const lanes = Array.from({ length: width }, async () => {
		while (next < inputs.length && !failed && !stop()) {
			const index = next++;
			const running = task(inputs[index], index);
			// Start nothing new once one input failed; requests already in flight finish.
			running.then(undefined, () => (failed = true));
			results[index] = await running;
		}
	});
	await Promise.all(lanes);
	return results;
}
