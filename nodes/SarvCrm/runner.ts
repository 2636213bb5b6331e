import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeOutput,
} from 'n8n-workflow';

import { mapWithConcurrency } from '../core/concurrency';
import { findModule } from '../core/modules';
import { toNodeError } from '../n8n/nodeErrors';
import { openSarv } from '../n8n/openSarv';
import type { ItemContext, SarvOperation } from './operation';
import { DEFAULT_MAX_PARALLEL } from './parameters/options';

/**
 * Runs one operation over all input items: one client (so one metadata load per module),
 * bounded parallelism or one batch, per-item errors for Continue On Fail, pairedItem on
 * every output, item index and operation added to errors here and only here.
 */
export function runOperation(operation: SarvOperation) {
	return async function (this: IExecuteFunctions): Promise<NodeOutput> {
		return await runItems(this, operation);
	};
}

async function runItems(fn: IExecuteFunctions, operation: SarvOperation): Promise<NodeOutput> {
		const items = fn.getInputData();
		const { client, fields } = await openSarv(fn);
		const maxParallel = Number((fn.getNodeParameter('options', 0, {}) as IDataObject).maxParallel) || DEFAULT_MAX_PARALLEL;
		const shared = new Map<string, unknown>();
		const run = <T>(key: string, make: () => T): T => {
			if (!shared.has(key)) shared.set(key, make());
			return shared.get(key) as T;
		};

		const contextOf = (itemIndex: number): ItemContext => {
			const moduleKey = fn.getNodeParameter('resource', itemIndex) as string;
			const module = findModule(moduleKey);
			if (!module) {
				throw new NodeOperationError(fn.getNode(), `"${moduleKey}" is not a SarvCRM module`, {
					itemIndex,
					description: 'Pick the Resource from the list (module keys such as Leads, Accounts, AOS_Invoices).',
				});
			}
			return {
				fn,
				client,
				fields,
				module,
				operation: operation.value,
				itemIndex,
				options: fn.getNodeParameter('options', itemIndex, {}) as IDataObject,
				param: <T>(name: string, fallback: T) => fn.getNodeParameter(name, itemIndex, fallback) as T,
				run,
				stopOnError: !fn.continueOnFail(),
				maxParallel,
				version: fn.getNode().typeVersion,
			};
		};

		const output = (results: IDataObject[], itemIndex: number): INodeExecutionData[] =>
			results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		const failed = (error: unknown, itemIndex: number): INodeExecutionData[] => {
			const nodeError = toNodeError(fn.getNode(), error, { operation: operation.value, itemIndex });
			if (!fn.continueOnFail()) throw nodeError;
			return [{ json: { error: nodeError.message, description: nodeError.description ?? null }, error: nodeError, pairedItem: { item: itemIndex } }];
		};

		if (operation.runBatch && items.length > 1) {
			const contexts: Array<ItemContext | Error> = items.map((_item, i) => {
				try {
					return contextOf(i);
				} catch (error) {
					return error as Error;
				}
			});
			const ready = contexts.filter((c): c is ItemContext => !(c instanceof Error));
			const batched = await operation.runBatch(ready);
			const byIndex = new Map(ready.map((c, i) => [c.itemIndex, batched[i]]));
			const results = contexts.map((c, i) => (c instanceof Error ? c : byIndex.get(i)));
			// Without Continue On Fail the first error in input order stops the node; items left
			// unrun because of it (null) are not errors of their own.
			return [results.flatMap((result, i) => (result === null ? [] : result instanceof Error || result === undefined ? failed(result, i) : output(result, i)))];
		}

		const perItem = await mapWithConcurrency(items, maxParallel, async (_item, itemIndex): Promise<INodeExecutionData[]> => {
			try {
				return output(await operation.run(contextOf(itemIndex)), itemIndex);
			} catch (error) {
				return failed(error, itemIndex);
			}
		});
		return [perItem.flat()];
}
