import './environment';

import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

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
		return [
			await Promise.all(
				list.map(async ({ $binary, ...json }) => {
					if (!$binary) return { json, pairedItem: { item: 0 } };
					// Files as n8n makes them (prepareBinaryData), from a description: no bytes in the JSON.
					const binary: IBinaryKeyData = {};
					for (const [property, file] of Object.entries($binary as Record<string, HarnessFile>)) {
						binary[property] = await this.helpers.prepareBinaryData(harnessFileBytes(file), file.fileName, file.mimeType);
					}
					return { json, binary, pairedItem: { item: 0 } };
				}),
			),
		];
	}
}

/** A file for the start node's `$binary`: its text, or `size` bytes made from `seed`. */
export interface HarnessFile {
	fileName: string;
	mimeType?: string;
	text?: string;
	size?: number;
	seed?: number;
}

/** The bytes of a harness file (the same for the same description, so a test can compare). */
export function harnessFileBytes(file: HarnessFile): Buffer {
	if (file.text !== undefined) return Buffer.from(file.text, 'utf8');
	const bytes = Buffer.alloc(file.size ?? 0);
	let x = (file.seed ?? 1) >>> 0 || 1;
	for (let i = 0; i < bytes.length; i++) {
		// xorshift32: every byte value occurs, none is a pattern a codec could hide.
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		bytes[i] = x & 0xff;
	}
	return bytes;
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
