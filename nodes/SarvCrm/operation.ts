import type { IBinaryKeyData, IDataObject, INodeProperties } from 'n8n-workflow';

import type { SarvClient } from '../core/client';
import type { FieldStore } from '../core/fieldStore';
import type { SarvModule } from '../core/modules';
import type { Service2Client } from '../core/service2/client';
import type { ItemFiles } from '../n8n/binary';
import type { RunSettings } from './settings';
import type { WriteRun } from './writeRun';

/** What an operation sees of one input item. */
export interface ItemContext {
	client: SarvClient;
	fields: FieldStore;
	module: SarvModule;
	/** The operation being run: readers ask it what it declares */
	operation: SarvOperation;
	itemIndex: number;
	/** The workflow and node this item runs in (what a Record Key's id is derived from) */
	origin: string;
	/** The identity of this run's new records, shared by its items (see writeRun.ts) */
	writeRun: WriteRun;
	/** The workflow's time zone: a date-time typed without an offset is read in it */
	timeZone: string;
	/** The input item's JSON (what auto-mapping reads) */
	json: IDataObject;
	/** The input item's files, and new ones for its output, through n8n's binary-data helpers */
	files: ItemFiles;
	/** SarvCRM's service2 on the same credential (one login per expiry, shared) */
	service2(): Service2Client;
	/** The Options collection of this item */
	options: IDataObject;
	/** A node parameter of this item; `extractValue` gives a resource locator's plain value */
	param<T>(name: string, fallback: T, extractValue?: boolean): T;
	/** How the run goes (Max Parallel Requests, Bulk Write, Batch Size, version, Continue On Fail): read once per run */
	run: RunSettings;
}

/** An output record with files: what a download hands on (JSON, and n8n binary data beside it). */
export class WithFiles {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What an item hands on: records, some of them with files. */
export type ItemOutput = IDataObject | WithFiles;

/** One item, read and checked, ready to run. */
export interface Job<I> {
	item: ItemContext;
	input: I;
}

/**
 * What one item ends with: its output records, its own error, or null when it was not run
 * because the run stopped at another item's error (only without Continue On Fail).
 */
export type Outcome = ItemOutput[] | Error | null;

/**
 * The one stop rule of a run. Without Continue On Fail the first failed step stops the run:
 * steps already started finish, none is started after it. Every write goes through `step`.
 */
export interface RunGate {
	readonly stopped: boolean;
	/** Whether the run stops here, given these outcomes (a failure among them, without Continue On Fail) */
	halted(outcomes: Iterable<unknown>): boolean;
	/** Runs one item's work unless the run has stopped; work may itself give null (not run). */
	step(work: () => Promise<ItemOutput[] | null>): Promise<Outcome>;
}

/**
 * One operation, whole: its picker entry, the parameters it shows, its Options entries, what
 * it declares (the runner, the readers and the error conversion ask these, never its name),
 * how it reads an item, and how it runs items. The node assembles and runs these.
 */
export interface SarvOperation<I = unknown> {
	value: string;
	name: string;
	description: string;
	/** The action's name in n8n's node panel, for a module: "Create a lead" */
	action: (module: SarvModule) => string;
	/** Parameters this operation shows (a parameter shared by several operations is one object) */
	properties?: INodeProperties[];
	/** Entries of the Options collection this operation shows */
	options?: INodeProperties[];
	/** Options of node version 1 only, replaced by a parameter since (e.g. Simplify by Output) */
	optionsV1?: INodeProperties[];
	/** The Operation picker's default (one operation; saved workflows that omit it rely on it) */
	isDefault?: boolean;
	/** The modules that have this operation; every module when absent */
	appliesTo?(module: SarvModule): boolean;
	/** It changes records: a broken connection may have written, and a stopped run says what was */
	writes?: boolean;
	/**
	 * It makes new records, and how a re-run finds them: 'new' (Create: by the run's identity or
	 * a Record Key, see writeRun.ts), 'matched' (Create or Update: by its match fields).
	 */
	creates?: 'new' | 'matched';
	/** Its record input carries match fields (Create or Update) */
	matchesOnFields?: boolean;
	/**
	 * Reads and checks one item's input, before anything of the run is sent (metadata aside):
	 * a SarvInputError here fails the item, and without Continue On Fail the whole run.
	 */
	read(item: ItemContext): I | Promise<I>;
	/** Runs one item. */
	run?(item: ItemContext, input: I): Promise<ItemOutput[]>;
	/**
	 * Runs all items at once where they can share calls (batched reads, lookups). One outcome
	 * per job, in order; writes go through the gate. Used for several items, or always without `run`.
	 */
	runShared?(jobs: Array<Job<I>>, gate: RunGate): Promise<Outcome[]>;
}
