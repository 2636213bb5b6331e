import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chosenId } from '../core/service2/bulk';

/**
 * The identity of one run's new records (see README, "Re-runs"). New records get ids derived
 * from it, so within an execution every batch can be read back and finished, and two
 * executions on the same rows make two sets of records. A production execution that stops
 * after writing part of its rows keeps its identity in the node's static data (n8n saves
 * static data for every execution that is not manual, failed ones included): the next
 * execution takes it over, so a row written before gets the same id and is updated, not
 * created again. It is dropped once a run writes every item. One identity per node: bounded.
 */
export interface WriteRun {
	/** What new records' ids are derived from: this execution's id, or the failed run's it resumes */
	readonly id: string;
	/** The failed run this execution resumes, if any */
	readonly resumed?: PendingRun;
	/** Whether n8n keeps this execution's static data (not a manual run) */
	readonly kept: boolean;
	/** Set once a create went out with an id from this identity (Bulk Write): only then can a re-run resume */
	usedChosenIds: boolean;
	/** Set once a create went out with an id from its Record Key: a re-run updates it */
	usedKeys: boolean;
	/** The id of a new record with these values: the nth identical row of this node's run gets the nth id */
	newId(module: string, values: IDataObject): string;
}

/** What a failed run leaves for the next one. */
export interface PendingRun {
	id: string;
	/** When it failed (ms), for the reader of the static data */
	at: number;
	/** Items it wrote */
	written: number;
}

const KEY = 'sarvCrmPendingRun';

function staticData(fn: IExecuteFunctions): IDataObject | undefined {
	try {
		return fn.getWorkflowStaticData('node');
	} catch {
		// A context without static data (e.g. some tool runs): nothing to resume or keep.
		return undefined;
	}
}

function executionId(fn: IExecuteFunctions): string {
	const id = (() => {
		try {
			return fn.getExecutionId();
		} catch {
			return undefined;
		}
	})();
	// Without an execution id (never in a saved execution), one of this moment's own.
	return id ? String(id) : createHash('sha256').update(`${Date.now()}:${Math.random()}`).digest('hex').slice(0, 32);
}

function pendingOf(value: unknown): PendingRun | undefined {
	const p = value as PendingRun | undefined;
	return p && typeof p.id === 'string' && p.id ? p : undefined;
}

/** This run's identity: a failed production run's, kept in static data, else this execution's. */
export function openWriteRun(fn: IExecuteFunctions): WriteRun {
	const kept = fn.getMode() !== 'manual';
	const resumed = kept ? pendingOf(staticData(fn)?.[KEY]) : undefined;
	const id = resumed?.id ?? executionId(fn);
	// Two nodes of one execution writing the same rows are two sets of records: the node is part of it.
	const run = `${fn.getWorkflow().id ?? ''}\u0000${fn.getNode().name}\u0000${id}`;
	const seen = new Map<string, number>();
	return {
		id,
		resumed,
		kept,
		usedChosenIds: false,
		usedKeys: false,
		newId(module, values) {
			const text = JSON.stringify([module, values]);
			const nth = seen.get(text) ?? 0;
			seen.set(text, nth + 1);
			return chosenId(run, module, values, nth);
		},
	};
}

/**
 * After the run: a run that left items unwritten keeps its identity for the next execution
 * (production only); a run that wrote every item drops it. Changes static data only when needed.
 */
export function closeWriteRun(fn: IExecuteFunctions, run: WriteRun, { written, unwritten }: { written: number; unwritten: number }): void {
	if (!run.kept) return;
	const data = staticData(fn);
	if (!data) return;
	if (unwritten > 0 && run.usedChosenIds) {
		const carried = run.resumed?.id === run.id ? run.resumed.written : 0;
		data[KEY] = { id: run.id, at: Date.now(), written: Math.max(written, carried) } satisfies PendingRun as unknown as IDataObject;
	} else if (unwritten === 0 && KEY in data) {
		delete data[KEY];
	}
}

/** What running again will do, said in a stopped run's error (for an operation that `creates`). */
export function rerunNote(run: WriteRun, written: number, creates: 'new' | 'matched' | undefined): string {
	if (!written || !creates) return '';
	const items = `${written} written item${written === 1 ? '' : 's'}`;
	if (creates === 'matched') return `Running again finds the records of the ${items} by their match fields and updates them.`;
	if (run.usedKeys && !run.usedChosenIds) return 'Running again updates the records of the Record Keys written now and creates the others.';
	if (!run.usedChosenIds) {
		return `Running again creates the ${items} once more (one Save per item cannot be resumed): run only the failed items, or use Options > Record Key.`;
	}
	if (run.kept) {
		return "Running this workflow again on the same rows writes each row once: rows written now are updated, not created again (this run is kept in the node's static data until a run writes every item).";
	}
	return `This was a manual execution, whose state n8n does not keep: running it again creates the ${items} once more. To resume without duplicates, run the workflow in production (active, or a production execution), or use Options > Record Key.`;
}
