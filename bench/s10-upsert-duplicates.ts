/**
 * 10. Create or Update with repeated match values (issue 13): 200 items where each email
 * appears twice (every other second occurrence in upper case, which the server's
 * case-insensitive comparison matches). At Max Parallel Requests 1, 4 and 20: no duplicate
 * record, the first of each pair creates and the second updates it.
 */
import { fmtMs, rows, timed, warmUp, withBenchHarness, type Scenario } from './lib';
import { upsertContacts } from './s9-batch-upsert';

const NAME = '10. Create or Update, each email twice';
const UNIQUE = 100;
const PARALLEL = [1, 4, 20];

export const upsertDuplicatesScenario: Scenario = {
	id: 'upsert-duplicates',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(async (h) => {
			await warmUp(h);
			for (const maxParallel of PARALLEL) {
				const email = (i: number) => `twice.p${maxParallel}.${i}@example.com`;
				const input = Array.from({ length: 2 * UNIQUE }, (_, n) => {
					const i = n % UNIQUE;
					const second = n >= UNIQUE;
					return { email: second && i % 2 ? email(i).toUpperCase() : email(i), name: `${second ? 'Second' : 'First'} ${i}` };
				});
				await h.sandbox.clearLog();
				const run = await timed(async () => (await h.runNode(upsertContacts({ maxParallel }), input)).assertSuccess().json());
				const out = run.value;
				const stored = (await h.sandbox.records('Contacts')).filter((c) =>
					String(c.email1).toLowerCase().startsWith(`twice.p${maxParallel}.`),
				);
				const duplicates = stored.length - new Set(stored.map((c) => String(c.email1).toLowerCase())).size;
				const inOrder =
					out.length === 2 * UNIQUE &&
					out.every((o, n) => o.upsertResult === (n < UNIQUE ? 'created' : 'updated')) &&
					out.slice(UNIQUE).every((o, i) => o.id === out[i].id);
				const counts = await h.sandbox.counts();
				const label = `maxParallel ${maxParallel}`;
				r.check(
					`${label}: duplicate records`,
					`${duplicates} (${stored.length} stored)`,
					`= 0 (${UNIQUE} stored)`,
					duplicates === 0 && stored.length === UNIQUE,
				);
				r.check(`${label}: first of each pair created, second updated it`, inOrder ? 'yes' : 'no', 'yes', inOrder);
				r.info(
					`${label}: Retrieve / Save calls`,
					`${counts.byMethod.Retrieve ?? 0} / ${counts.byMethod.Save ?? 0}`,
					`item by item: ${2 * UNIQUE} / ${2 * UNIQUE}`,
				);
				r.check(`${label}: sandbox max in flight`, counts.maxInFlight, `≤ ${maxParallel}`, counts.maxInFlight <= maxParallel);
				r.info(`${label}: wall time`, fmtMs(run.ms));
			}
		});
		return r.list;
	},
};
