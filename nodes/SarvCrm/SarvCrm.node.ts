import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INodeType,
	type INodeTypeDescription,
	type NodeOutput,
} from 'n8n-workflow';

import { NODE_ICON } from './descriptions/common';
import { operationPropertiesByResource } from './descriptions/actions';
import { DEFAULT_OPERATION, OPERATION_TEMPLATES, type SarvOperation } from './descriptions/operations';
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
 * Reached only when the Resource is not one of the listed modules (e.g. an expression),
 * since n8n dispatches customOperations on the raw parameter value. It sits on the
 * Resource: no per-module Operation property is shown for an unlisted resource.
 */
async function rejectUnlistedResource(this: IExecuteSingleFunctions): Promise<IHttpRequestOptions> {
	const resource = String(this.getNodeParameter('resource'));
	throw new NodeOperationError(this.getNode(), `"${resource}" is not a SarvCRM module this node can run`, {
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
			{ ...resourceProperty, routing: { send: { preSend: [rejectUnlistedResource] } } },
			...operationPropertiesByResource(SARV_MODULES, OPERATION_TEMPLATES, DEFAULT_OPERATION),
			...recordFieldProperties,
			...relationshipFieldProperties,
			...searchFieldProperties,
			...listFieldProperties,
			optionsProperty,
		],
	};

	methods = { loadOptions, listSearch, resourceMapping };

	customOperations = customOperations;
}
