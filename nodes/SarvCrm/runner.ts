import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeOutput } from 'n8n-workflow';

import { SarvInputError } from '../core/errors';
import { findModule } from '../core/modules';
import { isSkipped } from '../core/service2/bulk';
import { toNodeError } from '../n8n/nodeErrors';
import { itemFiles } from '../n8n/binary';
import { openSarv, type SarvConnection } from '../n8n/openSarv';
import { workflowTimeZone } from '../n8n/timeZone';
import { eachJob, firstFailure, runGate, type RunSummary } from './batch';
import { WithFiles, type ItemContext, type Job, type Outcome, type SarvOperation } from './operation';
import { readRunSettings, type RunSettings } from './settings';
import { closeWriteRun, openWriteRun, rerunNote, type WriteRun } from './writeRun';

function contextOf(
	fn: IExecuteFunctions,
	operation: SarvOperation,
	sarv: SarvConnection,
	itemIndex: number,
	run: RunSettings,
	writes: { writeRun: WriteRun; timeZone: string },
): ItemContext {
	const moduleKey = String(fn.getNodeParameter('resource', itemIndex));
	const module = findModule(moduleKey);
	if (!module) {
		throw new SarvInputError(
			`"${moduleKey}" is not a SarvCRM module`,
			'resource',
			'Pick the Resource from the list (module keys such as Leads, Accounts, AOS_Invoices).',
		);
	}
	if (operation.appliesTo && !operation.appliesTo(module)) {
		throw new SarvInputError(
			`"${operation.name}" is not an operation of ${module.key}`,
			'operation',
			`Pick a module that has "${operation.name}".`,
		);
	}
	return {
		...sarv,
		module,
		operation,
		itemIndex,
		origin: `${fn.getWorkflow().id ?? ''}\u0000${fn.getNode().name}`,
		json: fn.getInputData()[itemIndex]?.json ?? {},
		files: itemFiles(fn, itemIndex),
		options: fn.getNodeParameter('options', itemIndex, {}) as IDataObject,
		param: <T>(name: string, fallback: T, extractValue = false) => fn.getNodeParameter(name, itemIndex, fallback, { extractValue }) as T,
		run,
		...writes,
	};
}

/** Reads one item; its error, if its input is bad. */
async function readItem<I>(make: () => ItemContext, operation: SarvOperation<I>): Promise<Job<I> | Error> {
	try {
		const item = make();
		return { item, input: await operation.read(item) };
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/**
 * Runs one operation over all input items, the same way for every operation:
 * 1. every item is read and checked (`read`); without Continue On Fail one bad item fails the
 *    run here, before anything is written;
 * 2. the good ones run, each alone at Max Parallel Requests (`run`) or together (`runShared`),
 *    every step through one gate: without Continue On Fail nothing starts after an error;
 * 3. each item gets its records or its error, in input order, with `pairedItem`.
 * Errors become n8n's here and only here, with the item index and what the operation declares.
 */
export async function runOperation(fn: IExecuteFunctions, operation: SarvOperation): Promise<NodeOutput> {
	const items = fn.getInputData();
	const sarv = await openSarv(fn);
	const settings = readRunSettings(fn);
	const { continueOnFail } = settings;
	const nodeError = (error: unknown, itemIndex: number, stopped?: RunSummary) =>
		toNodeError(fn.getNode(), error, { operation: operation.value, writes: !!operation.writes, itemIndex, ...stopped });
	const run = { writeRun: openWriteRun(fn), timeZone: workflowTimeZone(fn) };

	const read = await Promise.all(
		items.map(async (_item, i) => await readItem(() => contextOf(fn, operation, sarv, i, settings, run), operation)),
	);
	const bad = read.findIndex((r) => r instanceof Error);
	if (!continueOnFail && bad >= 0) throw nodeError(read[bad], bad);

	const jobs = read.filter((r): r is Job<unknown> => !(r instanceof Error));
	const gate = runGate(settings);
	const shared = operation.runShared && (jobs.length > 1 || !operation.run);
	const ran = shared
		? await operation.runShared!(jobs, gate)
		: await eachJob(jobs, settings.maxParallel, gate, async (job) => await operation.run!(job.item, job.input));
	const byIndex = new Map(jobs.map((job, i) => [job.item.itemIndex, ran[i]]));
	const outcomes: Outcome[] = read.map((r, i) => (r instanceof Error ? r : (byIndex.get(i) ?? null)));

	const failure = firstFailure(outcomes, isSkipped);
	// Only a Create's new records carry the run's identity: only its failed runs are resumed.
	if (operation.creates === 'new') {
		closeWriteRun(fn, run.writeRun, { written: failure?.written ?? 0, unwritten: failure ? failure.failed + failure.notSent : 0 });
	}
	if (!continueOnFail && failure) {
		const { index, error, done: written, failed, skipped, notSent } = failure;
		const stopped = operation.writes
			? { written, failed, skipped, notSent, rerun: rerunNote(run.writeRun, written, operation.creates) }
			: undefined;
		throw nodeError(error, index, stopped);
	}
	return [
		outcomes.flatMap((outcome, itemIndex): INodeExecutionData[] => {
			if (outcome === null) return [];
			if (outcome instanceof Error) {
				const error = nodeError(outcome, itemIndex);
				return [{ json: { error: error.message, description: error.description ?? null }, error, pairedItem: { item: itemIndex } }];
			}
			return outcome.map((out) =>
				out instanceof WithFiles
					? { json: out.json, binary: out.binary, pairedItem: { item: itemIndex } }
					: { json: out, pairedItem: { item: itemIndex } },
			);
		}),
	];
}
