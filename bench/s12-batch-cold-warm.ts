/**
 * 12. Batched reads on a cold and a warm process: 650 Gets (50 of the ids missing, so answers
 * come back short) and 600 Create or Update lookups (half the values new). A server's page cap
 * is learned once per process and server: the cold run may spend one call on it, the warm run
 * (the same process, a second execution) needs only the calls that carry data.
 * Each harness has its own sandbox process and port: a server this process has never seen.
 */
import { PAGE_CAP, rows, seedLeads, warmUp, withBenchHarness, type BenchHarness, type Scenario } from './lib';
import { upsertContacts } from './s9-batch-upsert';

const NAME = '12. Batched reads, cold and warm';
const GETS = 650;
const MISSING = 50;
const UPSERTS = 600;

const getById = { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}' };

async function retrieveCalls(h: BenchHarness): Promise<number> {
	const calls = (await h.sandbox.log()).filter((e) => e.method === 'Retrieve').length;
	await h.sandbox.clearLog();
	return calls;
}

export const batchColdWarmScenario: Scenario = {
	id: 'batch-cold-warm',
	title: NAME,
	async run() {
		const r = rows(NAME);
		const getFloor = Math.ceil(GETS / PAGE_CAP);
		await withBenchHarness(async (h) => {
			const ids = await seedLeads(h, GETS - MISSING);
			await warmUp(h);
			// Every 13th id does not exist: each batch's answer is shorter than its ids.
			const input = Array.from({ length: GETS }, (_, i) => ({ id: i % 13 === 12 ? `missing-${i}` : ids[i - Math.floor((i + 1) / 13)] }));
			for (const [run, target, pass] of [
				['cold process', `≤ ${getFloor + 1}`, (n: number) => n <= getFloor + 1],
				['warm process', `= ${getFloor} (the floor)`, (n: number) => n === getFloor],
			] as const) {
				const result = await h.runNode(getById, input, { continueOnFail: true });
				const out = result.assertSuccess().items();
				const missing = result.itemErrors().length;
				const calls = await retrieveCalls(h);
				r.check(
					`${GETS} Gets (${MISSING} ids missing), ${run}: Retrieve calls`,
					`${calls} (${out.length - missing} found, ${missing} not found)`,
					target,
					pass(calls) && missing === MISSING,
				);
			}
		});

		const lookupFloor = Math.ceil(UPSERTS / PAGE_CAP);
		await withBenchHarness(async (h) => {
			const email = (i: number) => `bench.cold.${i}@example.com`;
			await h.sandbox.insertMany(
				'Contacts',
				Array.from({ length: UPSERTS / 2 }, (_, k) => ({ last_name: `Old ${2 * k}`, email1: email(2 * k) })),
			);
			await warmUp(h);
			for (const [run, round, target, pass] of [
				['cold process', 0, `≤ ${lookupFloor + 1}`, (n: number) => n <= lookupFloor + 1],
				['warm process', 1, `= ${lookupFloor} (the floor)`, (n: number) => n === lookupFloor],
			] as const) {
				// Each round brings values of its own: half match a record, half are new.
				const input = Array.from({ length: UPSERTS }, (_, i) => ({
					email: i % 2 ? `bench.cold.r${round}.${i}@example.com` : email(i),
					name: `New ${i}`,
				}));
				const out = (await h.runNode(upsertContacts(), input)).assertSuccess().json();
				const calls = await retrieveCalls(h);
				r.check(
					`${UPSERTS} Create or Update lookups (half new), ${run}: Retrieve calls`,
					`${calls} (${out.length} saved)`,
					target,
					pass(calls) && out.length === UPSERTS,
				);
			}
		});
		return r.list;
	},
};
