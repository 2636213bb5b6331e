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

/**
 * One record to write: an update names its record; a create carries the id the node chose for
 * it; a keyed create (Record Key) an id derived from its key, so a record with it may exist.
 */
export interface BulkRow {
	id: string;
	values: IDataObject;
	create: boolean;
	/** Its id comes from the item's Record Key: where it exists, the row updates it */
	keyed?: boolean;
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
	/** One delete the v5 way: a keyed record written to learn that the server ignores chosen ids */
	deleteOne(id: string): Promise<void>;
}

/** SuiteCRM's 36-character id shape from a hash of these parts (version 4 and variant bits set). */
function uuidOf(parts: unknown[]): string {
	const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The id a new record gets: from the run's identity (its node and execution, or the failed
 * run it resumes), the module, the values and which of the run's identical rows it is (the
 * nth). Another execution makes other ids, so it creates; a resumed run makes the same ones, so
 * a row written before is updated. The nth, not the item index: rows filtered or reordered
 * between a failed run and its resumption keep their ids.
 */
export function chosenId(run: string, module: string, values: IDataObject, nth: number): string {
	return uuidOf(['run', run, module, values, nth]);
}

/** The id of the record an item's Record Key names: the same in every execution of that node. */
export function keyedId(origin: string, module: string, key: string): string {
	return uuidOf(['key', origin, module, key]);
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

/** Errors of rows the server left out silently: counted apart ("skipped") in a stopped run's message. */
const SKIPPED = new WeakSet<Error>();

/** Whether an item's error is a row `set_entries` skipped (the user may not write it). */
export function isSkipped(error: unknown): boolean {
	return error instanceof Error && SKIPPED.has(error);
}

function skipped(row: BulkRow, module: string): Error {
	const message = `SarvCRM skipped this ${module} record in set_entries: it was not saved`;
	const hint = "SarvCRM leaves out records the user may not write, without an error; check the user's access to this record or module.";
	const error = sarvError('access', { message, hint }, { module, recordId: row.create ? undefined : row.id });
	SKIPPED.add(error);
	return error;
}

/** A row the call failed on and that is not on the server: the call's failure, saying so. */
function notWritten(error: unknown, row: BulkRow, module: string, checked: boolean): Error {
	const failure = classifyThrown(error);
	const fate = !row.create
		? 'This update may or may not have been applied (SarvCRM has no transactions).'
		: checked
			? 'The node read its chosen id back: this record was not written.'
			: 'Whether this record was written could not be read back: look for it before running again.';
	return sarvError({ ...failure, hint: `${failure.hint} ${fate}` }, {}, findSarvApiError(error)?.site ?? { module });
}

interface Written {
	outcomes: BulkOutcome[];
	/** What the answer told of this server: it keeps chosen ids, or it gives its own */
	keeps?: boolean;
}

/**
 * One batch, finished whatever happens to it. An answer says which rows were saved. When the
 * call fails (an error, a dropped connection, a time-out), the creates' chosen ids are read
 * back: what is there was written; the rest is sent once more, and after a second failure read
 * back again, so every create ends known as written or not. Updates carry their record's id
 * and are sent again with the same values.
 */
async function writeBatch(s2: Service2Client, v5: SarvClient, module: SarvModule, rows: BulkRow[]): Promise<Written> {
	const found = new Set<string>();
	let pending = rows;
	for (let attempt = 0; ; attempt++) {
		const answer = await s2.setEntries(module.key, pending.map(entryOf)).catch((error: unknown) => ({ error }));
		if (Array.isArray(answer)) return settle(s2, rows, found, pending, answer, module.key);
		const creates = pending.filter((r) => r.create).map((r) => r.id);
		const back = creates.length
			? await recordsByIds(v5, module, creates, ['id'])
			: { records: new Map<string, IDataObject>(), failed: new Map<string, unknown>() };
		for (const id of back.records.keys()) found.add(id);
		pending = pending.filter((r) => !(r.create && found.has(r.id)));
		if (attempt === 1 || back.failed.size || !pending.length) {
			const checked = !back.failed.size;
			return {
				outcomes: rows.map((r) => (r.create && found.has(r.id) ? { id: r.id } : notWritten(answer.error, r, module.key, checked))),
				keeps: found.size ? true : undefined,
			};
		}
	}
}

/** The rows' outcomes once a call answered `ids` for `sent` (rows found written before count as written). */
function settle(s2: Service2Client, rows: BulkRow[], found: Set<string>, sent: BulkRow[], answered: string[], module: string): Written {
	const chosen = new Set(sent.map((r) => r.id));
	if (answered.some((id) => !chosen.has(id))) {
		if (found.size) {
			// Some rows came back by their chosen id, the rest with ids of the server's: cannot be lined up.
			return { outcomes: rows.map(() => unknownIds(answered.length, sent.length, module)), keeps: false };
		}
		return { outcomes: ownIds(s2, rows, answered, module), keeps: false };
	}
	const saved = new Set([...answered, ...found]);
	const keeps = rows.some((r) => r.create && saved.has(r.id)) ? true : undefined;
	return { outcomes: rows.map((r) => (saved.has(r.id) ? { id: r.id } : skipped(r, module))), keeps };
}

function unknownIds(answered: number, sent: number, module: string): Error {
	const message = `SarvCRM saved ${answered} of ${sent} ${module} records with ids of its own, so which were skipped is unknown`;
	const hint = 'Check these records in SarvCRM before running again; turn off Bulk Write for this server.';
	return sarvError('request', { message, hint }, { module });
}

/**
 * The server answered ids the node did not choose: it does not keep them (remembered from now
 * on). SuiteCRM saves in input order, so a full answer lines up with the rows; a shorter one
 * (some skipped) cannot be told apart, and those items fail saying so.
 */
function ownIds(s2: Service2Client, rows: BulkRow[], answered: string[], module: string): BulkOutcome[] {
	s2.server.service2.keepsChosenIds = false;
	if (answered.length === rows.length) return rows.map((_r, i) => ({ id: answered[i] }));
	return rows.map(() => unknownIds(answered.length, rows.length, module));
}

/** A keyed row on a server that gives its own ids: the key could never find its record again. */
function keyNotKept(module: string, probe?: { id: string; deleted: boolean }): Error {
	const what = !probe
		? 'Nothing was written for it.'
		: probe.deleted
			? 'The one record written to find this out was deleted again.'
			: `The one record written to find this out (id ${probe.id}) could not be deleted: delete it in SarvCRM.`;
	const message = `This SarvCRM server gives new ${module} records ids of its own, so Record Key cannot find a record written before`;
	const hint = `${what} Remove Options > Record Key and use "Create or Update" with a match field to re-run imports without duplicates.`;
	return sarvError('request', { message, hint }, { module });
}

/**
 * Keyed rows go as creates with their key's id: SuiteCRM's set_entries saves a row whose id
 * exists as an update of that record (as it does for a resumed run's rows), so no lookup is
 * needed. Where the server is known to give its own ids, they fail before anything is sent.
 */
function refuseKeys(rows: BulkRow[], module: string, keeps: boolean | undefined): Array<BulkRow | Error> {
	return keeps === false ? rows.map((r) => (r.keyed ? keyNotKept(module) : r)) : rows;
}

/**
 * Writes rows in `set_entries` batches, outcomes in row order. The first create goes alone and
 * tells whether this server keeps chosen ids (remembered per server); it is read back and
 * finished like any batch. Where the server does not keep them, that record is taken with the
 * id the server gave it and the other creates go one by one (keyed ones fail: see keyNotKept).
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
	// Per server (core/server.ts): whether it keeps the ids the node chooses; learned by the first create, alone.
	let keeps = s2.server.service2.keepsChosenIds;
	const resolved = refuseKeys(rows, module.key, keeps);
	resolved.forEach((r, index) => r instanceof Error && (outcomes[index] = r));
	if (!keepGoing()) return outcomes;
	const pending = resolved.flatMap((row, index) => (row instanceof Error ? [] : [{ row, index }]));
	const firstCreate = pending.find((p) => p.row.create);
	if (firstCreate && keeps === undefined) {
		pending.splice(pending.indexOf(firstCreate), 1);
		const first = await writeBatch(s2, v5, module, [firstCreate.row]);
		if (first.keeps !== undefined) s2.server.service2.keepsChosenIds = first.keeps;
		keeps = first.keeps;
		outcomes[firstCreate.index] = first.outcomes[0];
		if (keeps === false) {
			const written = first.outcomes[0];
			if (firstCreate.row.keyed && !(written instanceof Error)) {
				const deleted = await options.deleteOne(written.id).then(
					() => true,
					() => false,
				);
				outcomes[firstCreate.index] = keyNotKept(module.key, { id: written.id, deleted });
			}
			pending.forEach((p) => p.row.keyed && p.row.create && (outcomes[p.index] = keyNotKept(module.key)));
		}
	}
	const open = pending.filter((p) => outcomes[p.index] === null);
	const oneByOne = keeps === false ? open.filter((p) => p.row.create) : [];
	const batched = batchesOf(
		open.filter((p) => !oneByOne.includes(p)),
		options.batchSize,
	);
	await mapWithConcurrency(
		batched,
		options.parallel,
		async (batch) => {
			const { outcomes: written, keeps: learned } = await writeBatch(
				s2,
				v5,
				module,
				batch.map((p) => p.row),
			);
			if (learned !== undefined && s2.server.service2.keepsChosenIds === undefined) s2.server.service2.keepsChosenIds = learned;
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
