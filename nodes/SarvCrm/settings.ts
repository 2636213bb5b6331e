import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_PARALLEL } from './parameters/options';

/** Node version from which Bulk Write is on unless turned off (saved workflows keep theirs). */
export const BULK_VERSION = 1.2;
export const DEFAULT_BATCH_SIZE = 100;

/**
 * How one run goes, read once per run (the first item's Options, the node's settings), so that
 * the runner, the bulk writes and Create or Update's saves all run by the same rules.
 */
export interface RunSettings {
	/** Max Parallel Requests */
	maxParallel: number;
	/** Bulk Write: the option where set; else on from BULK_VERSION */
	bulkWrite: boolean;
	/** Records per set_entries call */
	batchSize: number;
	/** The node's type version (parameters and defaults differ between versions) */
	version: number;
	/** The node's Continue On Fail (On Error) setting: the run's stop rule (batch.ts) */
	continueOnFail: boolean;
}

export function readRunSettings(fn: IExecuteFunctions): RunSettings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const version = fn.getNode().typeVersion;
	return {
		maxParallel: Number(options.maxParallel) || DEFAULT_MAX_PARALLEL,
		bulkWrite: options.bulkWrite === undefined ? version >= BULK_VERSION : !!options.bulkWrite,
		batchSize: Number(options.batchSize) || DEFAULT_BATCH_SIZE,
		version,
		continueOnFail: fn.continueOnFail(),
	};
}
