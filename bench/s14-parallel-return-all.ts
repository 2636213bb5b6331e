/**
 * 14. Return All in parallel where the total is known (node version 1.2): 10,000 records at
 * 20 ms latency, pages one after another (Max Parallel Requests 1) against pages 4 at once
 * after service2's count; every record once, in the same stable order.
 */
import { fmtMs, fmtRatio, median, rows, seedLeads, timed, warmUp, withBenchHarness, type Scenario } from './lib';

const NAME = '14. Return All in parallel';
const RECORDS = 10_000;
/** Even, so that each side goes first as often as the other. */
const ROUNDS = 4;
const returnAll = (maxParallel: number) => ({
	resource: 'Leads',
	operation: 'getAll',
	returnAll: true,
	output: 'raw',
	options: { maxParallel },
});

export const parallelReturnAllScenario: Scenario = {
	id: 'parallel-return-all',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(
			async (h) => {
				await seedLeads(h, RECORDS);
				await warmUp(h);
				const sequentialMs: number[] = [];
				const parallelMs: number[] = [];
				let same = true;
				for (let round = 0; round < ROUNDS; round++) {
					const read = async (maxParallel: number) =>
						await timed(async () =>
							(await h.runNode(returnAll(maxParallel)))
								.assertSuccess()
								.json()
								.map((x) => String(x.id)),
						);
					// Which goes first alternates: the second run of a round meets the first one's garbage.
					let a, b;
					if (round % 2) {
						b = await read(4);
						a = await read(1);
					} else {
						a = await read(1);
						b = await read(4);
					}
					same &&=
						a.value.length === RECORDS &&
						b.value.length === RECORDS &&
						new Set(b.value).size === RECORDS &&
						a.value.join() === b.value.join();
					sequentialMs.push(a.ms);
					parallelMs.push(b.ms);
				}
				r.check(`${RECORDS} records, parallel: every record once, in the sequential order`, same ? 'yes' : 'NO', 'yes', same);
				r.info(
					`wall time sequential / parallel at 4 (median of ${ROUNDS})`,
					`${fmtMs(median(sequentialMs))} / ${fmtMs(median(parallelMs))}`,
				);
				const ratio = median(parallelMs.map((ms, i) => ms / sequentialMs[i]));
				r.check(
					'wall time ratio parallel (Max Parallel Requests 4) / sequential, median of per-round ratios',
					fmtRatio(ratio),
					'≤ 0.40',
					ratio <= 0.4,
				);
			},
			{ nodeVersion: 1.2 },
		);
		return r.list;
	},
};
