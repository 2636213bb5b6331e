import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription, type NodeOutput } from 'n8n-workflow';

import { SarvInputError } from '../core/errors';
import { SARV_MODULES } from '../core/modules';
import { loadOptions, resourceMapping } from '../n8n/fieldPickers';
import { toNodeError } from '../n8n/nodeErrors';
import { NODE_ICON, resourceProperty } from '../n8n/parameters';
import { listSearch } from '../n8n/recordSearch';
import { operationParameters, operationProperties, subtitleExpression } from './assemble';
import { BULK_VERSION } from './bulk';
import { OPERATIONS } from './operations';
import { OUTPUT_VERSION } from './parameters/output';
import { runOperation } from './runner';

export class SarvCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SarvCRM',
		name: 'sarvCrm',
		icon: NODE_ICON,
		group: ['transform'],
		version: [1, OUTPUT_VERSION, BULK_VERSION],
		defaultVersion: BULK_VERSION,
		subtitle: subtitleExpression(SARV_MODULES, OPERATIONS),
		description: 'Create, read, update, search and link records in every SarvCRM module',
		defaults: { name: 'SarvCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sarvCrmApi', required: true }],
		properties: [resourceProperty, ...operationProperties(SARV_MODULES, OPERATIONS), ...operationParameters(OPERATIONS, OUTPUT_VERSION)],
	};

	methods = { loadOptions, listSearch, resourceMapping };

	/**
	 * The one execution entry (see ARCHITECTURE.md, "One dispatch path"): workflows, the node
	 * as an AI tool and a Resource from an expression all arrive here. The Operation is one
	 * for all items (it takes no expression); each item's Resource is read by the runner.
	 */
	async execute(this: IExecuteFunctions): Promise<NodeOutput> {
		const value = String(this.getNodeParameter('operation', 0));
		const operation = OPERATIONS.find((op) => op.value === value);
		if (!operation) {
			const error = new SarvInputError(
				`"${value}" is not an operation of the SarvCRM node`,
				'operation',
				'Pick the Operation from the list.',
			);
			throw toNodeError(this.getNode(), error, { operation: value });
		}
		return await runOperation(this, operation);
	}
}
