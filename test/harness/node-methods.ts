import './environment';

import { randomUUID } from 'node:crypto';
import type { LoadOptionsContext } from 'n8n-core';
import type {
	ILoadOptionsFunctions,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { HarnessNodeTypes } from './loader';
import { n8nCore, n8nWorkflow } from './n8n';

export type NodeMethodKind = 'loadOptions' | 'listSearch' | 'resourceMapping';

export interface NodeMethodCall {
	nodeTypes: HarnessNodeTypes;
	nodeType: string;
	typeVersion?: number;
	/** The node's parameters as the editor holds them while the user edits (current values). */
	nodeParameters: INodeParameters;
	credentials?: INodeCredentials;
	additionalData: IWorkflowExecuteAdditionalData;
	/** Path of the parameter whose dropdown is open, e.g. `parameters.fieldName`. */
	path?: string;
}

/**
 * Calls a node's `methods.<kind>[methodName]` the way the editor's requests do
 * (n8n: DynamicNodeParametersService): a one-node workflow holding a `Temp-Node` with
 * the current parameters and the selected credential, and a real LoadOptionsContext
 * bound to it. So `this.getCredentials`, `this.getCurrentNodeParameter` and
 * `this.helpers.httpRequestWithAuthentication` behave as in the editor.
 */
export async function callNodeMethod(kind: 'loadOptions', methodName: string, call: NodeMethodCall): Promise<INodePropertyOptions[]>;
export async function callNodeMethod(
	kind: 'listSearch',
	methodName: string,
	call: NodeMethodCall,
	filter?: string,
	paginationToken?: unknown,
): Promise<INodeListSearchResult>;
export async function callNodeMethod(kind: 'resourceMapping', methodName: string, call: NodeMethodCall): Promise<ResourceMapperFields>;
export async function callNodeMethod(
	kind: NodeMethodKind,
	methodName: string,
	call: NodeMethodCall,
	...extra: unknown[]
): Promise<unknown> {
	const nodeType = call.nodeTypes.getByNameAndVersion(call.nodeType, call.typeVersion);
	const method = (nodeType.methods?.[kind] as Record<string, unknown> | undefined)?.[methodName];
	if (typeof method !== 'function') {
		const known = Object.keys((nodeType.methods?.[kind] as object | undefined) ?? {});
		throw new n8nWorkflow.UnexpectedError(
			`Node type "${call.nodeType}" has no ${kind} method "${methodName}" (it has: ${known.join(', ') || 'none'})`,
		);
	}
	const context = loadOptionsContext(call, nodeType);
	return await (method as (this: ILoadOptionsFunctions, ...args: unknown[]) => Promise<unknown>).call(context, ...extra);
}

function loadOptionsContext(call: NodeMethodCall, nodeType: INodeType): LoadOptionsContext {
	const typeVersion =
		call.typeVersion ??
		(Array.isArray(nodeType.description.version) ? Math.max(...nodeType.description.version) : nodeType.description.version);
	const node: INode = {
		id: randomUUID(),
		name: 'Temp-Node',
		type: call.nodeType,
		typeVersion,
		position: [0, 0],
		parameters: structuredClone(call.nodeParameters),
	};
	if (call.credentials) node.credentials = call.credentials;
	const workflow = new n8nWorkflow.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: call.nodeTypes });
	const additionalData = { ...call.additionalData, currentNodeParameters: call.nodeParameters };
	return new n8nCore.LoadOptionsContext(workflow, workflow.getNode('Temp-Node')!, additionalData, call.path ?? 'parameters');
}
