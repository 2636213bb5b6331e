import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RecordOutput } from '../core/shape';
import { DEFAULT_MAX_PARALLEL } from './parameters/options';
import { OUTPUT_VERSION } from './parameters/output';

/** Node version from which Bulk Write is on unless turned off (saved workflows keep theirs). */
export const BULK_VERSION = 1.2;
export const DEFAULT_BATCH_SIZE = 100;

/**
 * How one run goes, read once per run (the first item's parameters and Options, the node's
 * settings), so that the runner, shared reads, the bulk writes and Create or Update's saves all
 * run by the same rules.
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
	/** How reads hand records on (Output; Simplify on version 1) */
	output: RecordOutput;
	/** Fields reads ask the server for (`selected_fields`): the same for every item of a shared read */
	fieldsToAsk: string[];
}

/** Where a run's output settings are read from: the first item's parameters and Options. */
export interface OutputSource {
	run: Pick<RunSettings, 'version'>;
	options: IDataObject;
	param<T>(name: string, fallback: T): T;
}

/**
 * How reads hand records on: the Output parameter, or on version 1 nodes the Simplify option
 * (with Get Many's Fields option, which the server already applied).
 */
export function recordOutput(source: OutputSource): RecordOutput {
	if (source.run.version < OUTPUT_VERSION) return source.options.simplify ? { mode: 'simplified' } : { mode: 'raw' };
	const mode = source.param<string>('output', 'simplified');
	if (mode === 'selected') return { mode, fields: source.param<string[]>('selectedFields', []) };
	return mode === 'raw' ? { mode } : { mode: 'simplified' };
}

/** Fields to ask the server for (`selected_fields`): fewer bytes on the wire. */
export function fieldsToAsk(source: OutputSource): string[] {
	if (source.run.version < OUTPUT_VERSION) return (source.options.fields as string[] | undefined) ?? [];
	const output = recordOutput(source);
	return output.mode === 'selected' ? output.fields : [];
}

export function readRunSettings(fn: IExecuteFunctions): RunSettings {
	const options = fn.getNodeParameter('options', 0, {}) as IDataObject;
	const version = fn.getNode().typeVersion;
	const first: OutputSource = {
		run: { version },
		options,
		param: <T>(name: string, fallback: T) => fn.getNodeParameter(name, 0, fallback as never) as T,
	};
	return {
		maxParallel: Number(options.maxParallel) || DEFAULT_MAX_PARALLEL,
		bulkWrite: options.bulkWrite === undefined ? version >= BULK_VERSION : !!options.bulkWrite,
		batchSize: Number(options.batchSize) || DEFAULT_BATCH_SIZE,
		version,
		continueOnFail: fn.continueOnFail(),
		output: recordOutput(first),
		fieldsToAsk: fieldsToAsk(first),
	};
}
