import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeOutput,
} from 'n8n-workflow';

import { mapWithConcurrency } from '../core/concurrency';
import { findModule } from '../core/modules';
import { openSarv } from '../core/n8n/openSarv';
import { toNodeError } from '../core/n8n/nodeErrors';
import type { ItemContext, SarvOperation } from './operation';
import { DEFAULT_MAX_PARALLEL } from './parameters/options';

/**
 * Runs one operation over all input items: one client (so one metadata load per module),
 * bounded parallelism, per-item errors for Continue On Fail, pairedItem on every output.
 */
export function runOperation(operation: SarvOperation) {
	return async function (this: IExecuteFunctions): Promise<NodeOutput> {
		const items = this.getInputData();
		const { client, fields } = await openSarv(this);
		const firstOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
		const maxParallel = Number(firstOptions.maxParallel) || DEFAULT_MAX_PARALLEL;
		const shared = new Map<string, unknown>();
		const run = <T>(key: string, make: () => T): T => {
			if (!shared.has(key)) shared.set(key, make());
			return shared.get(key) as T;
		};

		const perItem = await mapWithConcurrency(items, maxParallel, async (_item, itemIndex): Promise<INodeExecutionData[]> => {
			try {
				const moduleKey = this.getNodeParameter('resource', itemIndex) as string;
				const module = findModule(moduleKey);
				if (!module) {
					throw new NodeOperationError(this.getNode(), `"${moduleKey}" is not a SarvCRM module`, {
						itemIndex,
						description: 'Pick the Resource from the list (module keys such as Leads, Accounts, AOS_Invoices).',
					});
				}
				const item: ItemContext = {
					fn: this,
					client,
					fields,
					module,
					operation: operation.value,
					itemIndex,
					options: this.getNodeParameter('options', itemIndex, {}) as IDataObject,
					param: <T>(name: string, fallback: T) => this.getNodeParameter(name, itemIndex, fallback) as T,
					run,
				};
				const results = await operation.run(item);
				return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, { operation: operation.value, itemIndex });
				if (!this.continueOnFail()) throw nodeError;
				return [{ json: { error: nodeError.message, description: nodeError.description ?? null }, error: nodeError, pairedItem: { item: itemIndex } }];
			}
		});
		return [perItem.flat()];
	};
}
