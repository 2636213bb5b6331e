import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeType,
	type INodeTypeDescription,
	type NodeOutput,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { SARV_MODULES } from '../core/modules';
import { loadOptions, resourceMapping } from '../n8n/fieldPickers';
import { NODE_ICON, resourceProperty } from '../n8n/parameters';
import { listSearch } from '../n8n/recordSearch';
import { operationParameters, operationProperties } from './assemble';
import { OPERATIONS } from './operations';
import { OUTPUT_VERSION } from './parameters/output';
import { runOperation } from './runner';

const RUNS = Object.fromEntries(OPERATIONS.map((op) => [op.value, runOperation(op)])) as Record<string, (this: IExecuteFunctions) => Promise<NodeOutput>>;

/**
 * Every operation is a customOperation, the same for all modules: n8n's routing would start
 * every item's request at once and replace SarvCRM's error bodies with generic text.
 */
const customOperations = Object.fromEntries(SARV_MODULES.map((m) => [m.key, RUNS]));

export class SarvCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SarvCRM',
		name: 'sarvCrm',
		icon: NODE_ICON,
		group: ['transform'],
		version: [1, OUTPUT_VERSION],
		defaultVersion: OUTPUT_VERSION,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, read, update, search and link records in every SarvCRM module',
		defaults: { name: 'SarvCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sarvCrmApi', required: true }],
		properties: [
			resourceProperty,
			...operationProperties(SARV_MODULES, OPERATIONS), ...operationParameters(OPERATIONS, OUTPUT_VERSION)],
	};

	methods = { loadOptions, listSearch, resourceMapping };

	customOperations = customOperations;

	/**
	 * Reached where n8n does not take a customOperation: the node as an AI tool (n8n runs tool
	 * nodes through `execute` only), a Resource from an expression (customOperations are keyed
	 * by the unevaluated value), an n8n older than 1.82. The run is the same: every module shares
	 * the operation's runner, which reads each item's (evaluated) Resource itself.
	 */
	async execute(this: IExecuteFunctions): Promise<NodeOutput> {
		const operation = String(this.getNodeParameter('operation', 0));
		const run = RUNS[operation];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `"${operation}" is not an operation of the SarvCRM node`, {
				description: 'Pick the Operation from the list.',
			});
		}
		return await run.call(this);
	}
}
