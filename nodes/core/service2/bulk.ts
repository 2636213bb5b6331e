/**
 * Bulk writes through service2's `set_entries`: many records in one call. What SuiteCRM's source
 * shows shapes every step: records are saved one by one with no transaction (a batch that fails
 * half way has written its first part), a record the user may not write is skipped silently (the
 * `ids` answered can be shorter and do not line up), and nothing is validated on the server (the
 * node checked every value before). Every new record carries an id the node chose, so whatever
 * happens to a batch, reading those ids back tells what was written.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { recordsByIds } from '../batches';
import type { SarvClient } from '../client';
import { mapWithConcurrency } from '../concurrency';
import { findSarvApiError } from '../errors';
import { classifyThrown, sarvError } from '../failure';
import type { SarvModule } from '../modules';
import type { Service2Client } from './client';

/** One record to write: an update names its record, a create carries the id the node chose. */
export interface BulkRow {
	id: string;
	values: IDataObject;
	create: boolean;
}

/** The record's id when it was written, or why it was not. */
export type BulkOutcome = { id: string } | Error;

export interface BulkOptions {
	batchSize: number;
	/** Batches in flight at once */
	parallel: number;
	/** One save the v5 way: where the server does not keep chosen ids, creates go one by one */
	saveOne(row: BulkRow): Promise<string>;
	/** The run's stop rule, asked before each batch starts: true starts no more */
	halted(outcomes: ReadonlyArray<BulkOutcome | null>): boolean;
}

/**
 * The id a new record gets: the same for the same row of the same node run again on the same
 * input, so a run repeated after a failure updates what the first one wrote instead of writing
 * it twice. A UUID in SuiteCRM's 36-character shape.
 */
export function chosenId(origin: string, itemIndex: number, module: string, values: IDataObject): string {
	const hex = createHash('sha256')
		.update(JSON.stringify([origin, itemIndex, module, values]))
		.digest('hex');
	// Version 4 and variant bits, so it reads as any other UUID.
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What `set_entries` is sent for a row: a create asks to keep its id (SugarCRM's `new_with_id`). */
export function entryOf(row: BulkRow): IDataObject {
	return row.create ? { ...row.values, id: row.id, new_with_id: true } : { ...row.values, id: row.id };
}

/** Splits rows into batches. */
export function batchesOf<T>(rows: readonly T[], size: number): T[][] {
	const n = Math.max(1, Math.floor(size) || 1);
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += n) out.push(rows.slice(i, i + n));
	return out;
}

function skipped(row: BulkRow, module: string): Error {
	const message = `SarvCRM skipped this ${module} record in set_entries: it was not saved`;
	const hint = "SarvCRM leaves out records the user may not write, without an error; check the user's access to this record or module.";
	return sarvError('access', { message, hint }, { module, recordId: row.create ? undefined : row.id });
}

/**
 * One batch, finished whatever happened to it: answered ids say which rows were saved; when the
 * call fails, the chosen ids are read back, what was written is taken as written, and the rest
 * is sent once more. A row still not saved then gets the failure (or "skipped").
 */
async function writeBatch(s2: Service2Client, v5: SarvClient, module: SarvModule, rows: BulkRow[]): Promise<BulkOutcome[]> {
	const send = async (part: BulkRow[]) => new Set(await s2.setEntries(module.key, part.map(entryOf)));
	let saved: Set<string>;
	try {
		const answered = await s2.setEntries(module.key, rows.map(entryOf));
		const sent = new Set(rows.map((r) => r.id));
		if (answered.some((id) => !sent.has(id))) return ownIds(s2, rows, answered, module.key);
		saved = new Set(answered);
	} catch (error) {
		const failure = classifyThrown(error);
		const { records, failed } = await recordsByIds(
			v5,
			module,
			rows.filter((r) => r.create).map((r) => r.id),
			['id'],
		);
		if (failed.size) return rows.map(() => sarvError(failure, {}, findSarvApiError(error)?.site ?? { module: module.key }));
		// Creates that exist were written before the batch broke; updates are sent again (the same values).
		const rest = rows.filter((r) => !r.create || !records.has(r.id));
		const again = await send(rest).catch((second: unknown) => second as Error);
		if (again instanceof Error) {
			return rows.map((r) => (r.create && records.has(r.id) ? { id: r.id } : sarvError(classifyThrown(again), {}, { module: module.key })));
		}
		saved = new Set([...again, ...[...records.keys()]]);
	}
	return rows.map((r) => (saved.has(r.id) ? { id: r.id } : skipped(r, module.key)));
}

/**
 * The server answered ids the node did not choose: it does not keep them (remembered from now
 * on). SuiteCRM saves in input order, so a full answer lines up with the rows; a shorter one
 * (some skipped) cannot be told apart, and those items fail saying so.
 */
function ownIds(s2: Service2Client, rows: BulkRow[], answered: string[], module: string): BulkOutcome[] {
	s2.server.service2.keepsChosenIds = false;
	if (answered.length === rows.length) return rows.map((_r, i) => ({ id: answered[i] }));
	const message = `SarvCRM saved ${answered.length} of ${rows.length} ${module} records with ids of its own, so which were skipped is unknown`;
	const hint = 'Check these records in SarvCRM before running again; turn off Bulk Write for this server.';
	return rows.map(() => sarvError('request', { message, hint }, { module }));
}

/**
 * Writes rows in `set_entries` batches, outcomes in row order. The first create goes alone and
 * tells whether this server keeps chosen ids (remembered per server); where it does not, that
 * record is taken with the id the server gave it and the other creates go one by one.
 */
export async function bulkWrite(
	s2: Service2Client,
	v5: SarvClient,
	module: SarvModule,
	rows: BulkRow[],
	options: BulkOptions,
): Promise<Array<BulkOutcome | null>> {
	const outcomes: Array<BulkOutcome | null> = rows.map(() => null);
	const keepGoing = () => !options.halted(outcomes);
	const pending = rows.map((row, index) => ({ row, index }));
	const firstCreate = pending.find((p) => p.row.create);
	// Per server (core/server.ts): whether it keeps the ids the node chooses; learned by the first create, alone.
	let keeps = s2.server.service2.keepsChosenIds;
	if (firstCreate && keeps === undefined) {
		const answered = await s2.setEntries(module.key, [entryOf(firstCreate.row)]).catch((error: unknown) => error as Error);
		if (answered instanceof Error) {
			outcomes[firstCreate.index] = answered;
		} else {
			keeps = answered[0] === firstCreate.row.id;
			if (answered.length) s2.server.service2.keepsChosenIds = keeps;
			outcomes[firstCreate.index] = answered[0] ? { id: answered[0] } : skipped(firstCreate.row, module.key);
		}
		pending.splice(pending.indexOf(firstCreate), 1);
	}
	const oneByOne = keeps === false ? pending.filter((p) => p.row.create) : [];
	const batched = batchesOf(
		pending.filter((p) => !oneByOne.includes(p)),
		options.batchSize,
	);
	await mapWithConcurrency(
		batched,
		options.parallel,
		async (batch) => {
			const written = await writeBatch(
				s2,
				v5,
				module,
				batch.map((p) => p.row),
			);
			batch.forEach((p, i) => (outcomes[p.index] = written[i]));
		},
		{ stop: () => !keepGoing() },
	);
	for (const p of oneByOne) {
		if (!keepGoing()) break;
		outcomes[p.index] = await options.saveOne(p.row).then(
			(id) => ({ id }),
			(error: unknown) => (error instanceof Error ? error : new Error(String(error))),
		);
	}
	return outcomes;
}
