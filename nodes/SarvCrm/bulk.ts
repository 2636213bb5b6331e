import type { IDataObject } from 'n8n-workflow';

import { findSarvApiError, SarvInputError } from '../core/errors';
import { bulkWrite, type BulkOutcome, type BulkRow } from '../core/service2/bulk';
import { eachJob } from './batch';
import type { ItemContext, ItemOutput, Job, Outcome, RunGate } from './operation';
import { save } from './records';

export { BULK_VERSION } from './settings';

/** How long a server found without service2 (HTTP 404, kept in core/server.ts) has its work done by v5. */
const ASK_AGAIN_MS = 10 * 60_000;

/**
 * Whether this run's writes can go in bulk: asked for, and service2 answers (one shared login).
 * A server without service2, or a service2 login refused, leaves the writes to v5, one per item.
 */
export async function bulkAvailable(item: ItemContext, needed = false): Promise<boolean> {
	return (needed || item.run.bulkWrite) && (await service2Answers(item));
}

/** Whether service2 answers on this server (a login, shared; a 404 is remembered for a while). */
export async function service2Answers(item: ItemContext): Promise<boolean> {
	const s2 = item.service2();
	const seen = s2.server.service2.absentSince;
	if (seen !== undefined && Date.now() - seen < ASK_AGAIN_MS) return false;
	try {
		await s2.login();
		return true;
	} catch (error) {
		if (findSarvApiError(error)?.failure.httpStatus === 404) s2.server.service2.absentSince = Date.now();
		return false;
	}
}

/**
 * A service2 call where v5 can stand in: a server without service2 (HTTP 404, remembered for a
 * while) gives undefined, and the caller does it the v5 way; any other failure stays one.
 */
export async function unlessWithoutService2<T>(item: ItemContext, work: () => Promise<T>): Promise<T | undefined> {
	if (!(await service2Answers(item))) return undefined;
	const outcome = await work().then(
		(value) => ({ value }),
		(error: unknown) => ({ error }),
	);
	if ('value' in outcome) return outcome.value;
	// Anything but "no service2 here" stays the failure it is (a SarvApiError).
	if (findSarvApiError(outcome.error)?.failure.httpStatus !== 404) return await Promise.reject(outcome.error);
	item.service2().server.service2.absentSince = Date.now();
	return undefined;
}

/**
 * Writes the rows of one module in set_entries batches (Batch Size, at Max Parallel Requests),
 * outcomes in row order; creates the server does not keep chosen ids for go through v5 one by one.
 */
export async function writeRows(item: ItemContext, rows: BulkRow[], gate: RunGate): Promise<Array<BulkOutcome | null>> {
	// From here a failed run can be resumed: its new records carry ids of this run's identity.
	if (rows.some((r) => r.create && !r.keyed)) item.writeRun.usedChosenIds = true;
	if (rows.some((r) => r.keyed)) item.writeRun.usedKeys = true;
	return await bulkWrite(item.service2(), item.client, item.module, rows, {
		batchSize: item.run.batchSize,
		parallel: item.run.maxParallel,
		halted: (outcomes) => gate.halted(outcomes),
		saveOne: async (row) => await save(item, row.values as IDataObject),
		deleteOne: async (id) => {
			await item.client.request({ method: 'Save', httpMethod: 'DELETE', module: item.module.key, id });
		},
	});
}

/** A Record Key where service2 does not answer: refused before anything is written. */
function keyNeedsService2(): SarvInputError {
	return new SarvInputError(
		"Record Key needs SarvCRM's service2 (set_entries), which this server does not answer",
		'recordKey',
		'Remove Options > Record Key, or use "Create or Update" with a match field to re-run imports without duplicates.',
	);
}

/** Groups items by module (a Resource from an expression may differ per item). */
export function byModule<T extends { item: ItemContext }>(jobs: readonly T[]): T[][] {
	const groups = new Map<string, T[]>();
	for (const job of jobs) groups.set(job.item.module.key, [...(groups.get(job.item.module.key) ?? []), job]);
	return [...groups.values()];
}

/**
 * Shared runs of a write operation with Bulk Write: where bulk is available, each module's rows
 * go in set_entries batches and every item gets its own outcome; elsewhere the items run one by
 * one as without it. `row` says what an item writes; `output` what it hands on once written.
 */
export function bulkShared<I>(
	row: (job: Job<I>) => BulkRow,
	runOne: (item: ItemContext, input: I) => Promise<ItemOutput[]>,
	output: (job: Job<I>, id: string) => Promise<ItemOutput[]>,
): (jobs: Array<Job<I>>, gate: RunGate) => Promise<Outcome[]> {
	return async (jobs, gate) => {
		const outcomes = new Map<Job<I>, Outcome>();
		for (const group of byModule(jobs)) {
			if (gate.halted(outcomes.values())) break;
			const [{ item }] = group;
			const rows = group.map(row);
			const keyed = rows.some((r) => r.keyed);
			if (!(await bulkAvailable(item, keyed))) {
				// Keyed items fail before anything is written; the others run one by one.
				group.forEach((job, i) => rows[i].keyed && outcomes.set(job, keyNeedsService2()));
				const rest = group.filter((_job, i) => !rows[i].keyed);
				const ran = gate.halted(outcomes.values())
					? []
					: await eachJob(rest, item.run.maxParallel, gate, async (job) => await runOne(job.item, job.input));
				rest.forEach((job, i) => outcomes.set(job, ran[i] ?? null));
				continue;
			}
			const written = await writeRows(item, rows, gate);
			for (const [i, job] of group.entries()) {
				const done = written[i];
				outcomes.set(job, done === null || done instanceof Error ? done : await output(job, done.id));
			}
		}
		return jobs.map((job) => outcomes.get(job) ?? null);
	};
}
