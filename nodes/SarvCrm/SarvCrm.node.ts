import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeType,
	type INodeTypeDescription,
	type NodeOutput,
} from 'n8n-workflow';

import { NODE_ICON } from './descriptions/common';
import { operationProperty, type SarvOperation } from './descriptions/operations';
import { listFieldProperties } from './descriptions/listFields';
import { optionsProperty } from './descriptions/options';
import { recordFieldProperties } from './descriptions/recordFields';
import { relationshipFieldProperties, searchFieldProperties } from './descriptions/relationshipFields';
import { resourceProperty } from './descriptions/resource';
import { listSearch } from './metadata/listSearch';
import { loadOptions, resourceMapping } from './metadata/loadOptions';
import { SARV_MODULES } from './modules';
import { createRecord, deleteRecord, getManyRecords, getRecord, updateRecord, upsertRecord } from './operations/records';
import { getModuleFields, searchByNumber } from './operations/lookups';
import { getRelatedRecords, linkRelatedRecords } from './operations/relationships';
import { runOperation, type ItemHandler } from './operations/runner';

const HANDLERS: Record<SarvOperation, ItemHandler> = {
	create: createRecord,
	delete: deleteRecord,
	get: getRecord,
	getAll: getManyRecords,
	getFields: getModuleFields,
	getRelated: getRelatedRecords,
	linkRelated: linkRelatedRecords,
	searchByNumber,
	update: updateRecord,
	upsert: upsertRecord,
};

const OPERATION_FUNCTIONS = Object.fromEntries(
	Object.entries(HANDLERS).map(([operation, handler]) => [operation, runOperation(operation as SarvOperation, handler)]),
) as Record<SarvOperation, (this: IExecuteFunctions) => Promise<NodeOutput>>;

/**
 * Routing cannot turn SarvCRM's error codes into actionable errors, bound the requests
 * in flight, re-login on a session error inside an HTTP 200 body, or share one field
 * metadata load between items, so every operation is a customOperation. They are the
 * same for all modules: the table below maps each module to the one set of handlers.
 */
const customOperations = Object.fromEntries(SARV_MODULES.map((m) => [m.key, OPERATION_FUNCTIONS]));

/**
 * customOperations are dispatched on the raw Resource value, so an expression there never
 * matches a module: refuse it clearly instead of guessing.
 */
function unlistedResourceError(node: INode, resource: unknown): NodeOperationError {
	return new NodeOperationError(node, `"${String(resource)}" is not a SarvCRM module this node can run`, {
		description: 'Pick the Resource from the list; it cannot come from an expression.',
	});
}

export class SarvCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SarvCRM',
		name: 'sarvCrm',
		icon: NODE_ICON,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, read, update, search and link records in every SarvCRM module',
		defaults: { name: 'SarvCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sarvCrmApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			resourceProperty,
			operationProperty,
			...recordFieldProperties,
			...relationshipFieldProperties,
			...searchFieldProperties,
			...listFieldProperties,
			optionsProperty,
		],
	};

	methods = { loadOptions, listSearch, resourceMapping };

	customOperations = customOperations;

	/**
	 * n8n runs a node used as an AI tool (the generated "SarvCRM Tool" under an AI Agent or an
	 * MCP Server Trigger) through `execute` only, never through customOperations; without this
	 * it would fall back to declarative routing, which has no SarvCRM operations. Workflows
	 * still run the matching customOperation first, so this dispatches the same way.
	 */
	async execute(this: IExecuteFunctions): Promise<NodeOutput> {
		const { resource } = this.getNode().parameters;
		if (typeof resource !== 'string' || !customOperations[resource]) {
			throw unlistedResourceError(this.getNode(), this.getNodeParameter('resource', 0, resource));
		}
		const operation = this.getNodeParameter('operation', 0) as SarvOperation;
		const run = OPERATION_FUNCTIONS[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `"${String(operation)}" is not an operation of this node`);
		return await run.call(this);
	}
}
