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
