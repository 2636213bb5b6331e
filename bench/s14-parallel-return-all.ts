/**
 * 14. Return All in parallel where the total is known (node version 1.2): 10,000 records at
 * 20 ms latency, pages one after another (Max Parallel Requests 1) against pages 4 at once
 * after service2's count; every record once, in the same stable order. Two ways a workflow
 * reads them: the same listing again and again (a schedule: from the second read on, the node
 * remembers the listing was long and counts with its first pages), and each listing for the
 * first time (what the node remembered of listings is forgotten before each parallel read: it
 * counts after 4 pages read one after another).
 */
import path from 'node:path';

import { PACKAGE_ROOT } from '../test/harness/loader';
import { fmtMs, fmtRatio, median, rows, seedLeads, timed, warmUp, withBenchHarness, type BenchHarness, type Scenario } from './lib';

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

/**
 * Forgets which listings of this server were long: the node's own per-server record, in the
 * module n8n loaded from dist/ (the bench runs the engine in this process).
 */
function forgetListings(h: BenchHarness): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const server = require(path.join(PACKAGE_ROOT, 'dist', 'nodes', 'core', 'server.js')) as typeof import('../nodes/core/server');
	server.serverKnowledge(h.url).longListings.clear();
}

interface Rounds {
	sequentialMs: number[];
	parallelMs: number[];
	/** Every record once, in the sequential order, in every round */
	same: boolean;
}

/** `ROUNDS` rounds of one sequential and one parallel read; `fresh` gives each round a listing never read before. */
async function measure(h: BenchHarness, fresh: boolean): Promise<Rounds> {
	const out: Rounds = { sequentialMs: [], parallelMs: [], same: true };
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
		if (fresh) forgetListings(h);
		if (round % 2) {
			b = await read(4);
			a = await read(1);
		} else {
			a = await read(1);
			b = await read(4);
		}
		out.same &&=
			a.value.length === RECORDS && b.value.length === RECORDS && new Set(b.value).size === RECORDS && a.value.join() === b.value.join();
		out.sequentialMs.push(a.ms);
		out.parallelMs.push(b.ms);
	}
	return out;
}

const ratioOf = (r: Rounds) => median(r.parallelMs.map((ms, i) => ms / r.sequentialMs[i]));

export const parallelReturnAllScenario: Scenario = {
	id: 'parallel-return-all',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(
			async (h) => {
				await seedLeads(h, RECORDS);
				await warmUp(h);
				const again = await measure(h, false);
				const first = await measure(h, true);
				r.check(
					`${RECORDS} records, parallel: every record once, in the sequential order`,
					again.same && first.same ? 'yes' : 'NO',
					'yes',
					again.same && first.same,
				);
				r.info(
					`the same listing read again (a schedule): wall time sequential / parallel at 4 (median of ${ROUNDS})`,
					`${fmtMs(median(again.sequentialMs))} / ${fmtMs(median(again.parallelMs))}`,
				);
				const ratio = ratioOf(again);
				r.check(
					'the same listing read again: wall time ratio parallel (Max Parallel Requests 4) / sequential, median of per-round ratios',
					fmtRatio(ratio),
					'≤ 0.40',
					ratio <= 0.4,
				);
				r.info(
					`each listing read for the first time (counted after 4 pages): sequential / parallel at 4 (median of ${ROUNDS})`,
					`${fmtMs(median(first.sequentialMs))} / ${fmtMs(median(first.parallelMs))}`,
				);
				r.info(
					'each listing read for the first time: wall time ratio parallel / sequential, median of per-round ratios',
					fmtRatio(ratioOf(first)),
				);
			},
			{ nodeVersion: 1.2 },
		);
		return r.list;
	},
};
