import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SarvClient } from '../core/client';
import type { FieldStore } from '../core/fieldStore';
import type { SarvModule } from '../core/modules';

/** What an operation needs to handle one input item. */
export interface ItemContext {
	fn: IExecuteFunctions;
	client: SarvClient;
	fields: FieldStore;
	module: SarvModule;
	operation: string;
	itemIndex: number;
	/** The Options collection of this item */
	options: IDataObject;
	/** A node parameter of this item */
	param<T>(name: string, fallback: T): T;
	/** State shared by the items of one node run, made on first use */
	run<T>(key: string, make: () => T): T;
	/** Without Continue On Fail, the first failed item ends the run: start no more writes */
	stopOnError: boolean;
	/** The Max Parallel Requests option of the run */
	maxParallel: number;
	/** The node's type version (parameters differ between versions) */
	version: number;
}

/**
 * One operation, whole: its entry in the Operation picker, the parameters it shows, its
 * entries in the Options collection, and what it does per item. The node assembles these.
 */
export interface SarvOperation {
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
	/** What it does for one item (every operation has it) */
	run(item: ItemContext): Promise<IDataObject[]>;
	/**
	 * What it does for all items of a run at once, when several items can share calls. Gives
	 * one result per item, in order: its records, the error of that item alone, or null for an
	 * item not run because another one failed first (only without Continue On Fail).
	 */
	runBatch?(items: ItemContext[]): Promise<Array<IDataObject[] | Error | null>>;
}
