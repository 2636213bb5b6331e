import './environment';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Nodes that exist only in the harness. n8n-nodes-base is not installed (and must not
 * be: it is huge), but tests want workflows that read like real ones, and n8n's
 * credential tester needs a node type named `n8n-nodes-base.noOp`.
 */

export const START_NODE_TYPE = 'harness.start';
export const NOOP_NODE_TYPE = 'n8n-nodes-base.noOp';

/**
 * Stands in for "Manual Trigger → fixed data": emits the items given in its `items`
 * parameter (a JSON array of objects, or one object), each paired to the single input
 * item the execution engine starts it with.
 */
export class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: START_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (test harness only)',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[{}]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[{}]') as unknown;
		const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw || '[{}]') : raw;
		const list = (Array.isArray(parsed) ? parsed : [parsed]) as IDataObject[];
		return [list.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** Passes its input through unchanged, like n8n's "No Operation, do nothing" node. */
export class HarnessNoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: NOOP_NODE_TYPE,
		group: ['organization'],
		version: 1,
		description: 'No operation (test harness copy)',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
