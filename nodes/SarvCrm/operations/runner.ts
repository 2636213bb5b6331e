import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { DEFAULT_MAX_PARALLEL } from '../descriptions/options';
import type { SarvOperation } from '../descriptions/operations';
import { FieldValueError } from '../metadata/values';
import { findModule, type SarvModule } from '../modules';
import { QueryBuildError } from '../query/where';
import { SarvClient } from '../transport/client';
import type { SarvErrorContext } from '../transport/errors';
import { mapWithConcurrency } from '../transport/paging';

/** What an operation needs to handle one input item. */
export interface ItemContext {
	fn: IExecuteFunctions;
	client: SarvClient;
	module: SarvModule;
	operation: SarvOperation;
	itemIndex: number;
	options: IDataObject;
	/** Error context for calls made for this item */
	at(recordId?: string): SarvErrorContext;
}

export type ItemHandler = (ctx: ItemContext) => Promise<IDataObject[]>;

/**
 * Runs one operation over all input items: one client (so one metadata load per module),
 * bounded parallelism, per-item errors for continueOnFail, pairedItem on every output.
 */
export function runOperation(operation: SarvOperation, handler: ItemHandler) {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const client = await SarvClient.create(this);
		const firstOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
		const maxParallel = Number(firstOptions.maxParallel) || DEFAULT_MAX_PARALLEL;

		const perItem = await mapWithConcurrency(items, maxParallel, async (_item, itemIndex) => {
			try {
				const moduleKey = this.getNodeParameter('resource', itemIndex) as string;
				const module = findModule(moduleKey);
				if (!module) {
					throw new NodeOperationError(this.getNode(), `"${moduleKey}" is not a SarvCRM module`, {
						itemIndex,
						description: 'Pick the Resource from the list (module keys such as Leads, Accounts, AOS_Invoices).',
					});
				}
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const ctx: ItemContext = {
					fn: this,
					client,
					module,
					operation,
					itemIndex,
					options,
					at: (recordId) => ({ operation, module: module.key, recordId, itemIndex }),
				};
				const results = await handler(ctx);
				return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (this.continueOnFail()) {
					return [
						{
							json: { error: nodeError.message, description: nodeError.description ?? null },
							error: nodeError,
							pairedItem: { item: itemIndex },
						},
					];
				}
				throw nodeError;
			}
		});
		return [perItem.flat()];
	};
}

/** Input problems become NodeOperationErrors that name the field and what to do. */
function toNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof FieldValueError) {
		return new NodeOperationError(fn.getNode(), error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof QueryBuildError) {
		return new NodeOperationError(fn.getNode(), error.message, {
			itemIndex,
			description: 'Fix the filter: field names come from the list, values are matched literally.',
		});
	}
	return new NodeOperationError(fn.getNode(), error as Error, { itemIndex });
}
