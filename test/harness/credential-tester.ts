import './environment';

import type {
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequestData,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	IRunExecutionData,
	ITaskDataConnections,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNoOp } from './harness-nodes';
import { HarnessNodeTypes, type HarnessCredentialTypes } from './loader';
import { n8nCore, n8nWorkflow } from './n8n';

export interface CredentialTesterEnvironment {
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	credentialsHelper: HarnessCredentialsHelper;
	additionalData: () => IWorkflowExecuteAdditionalData;
}

/**
 * What the credential modal's "Test" button does (n8n: CredentialsTester.testCredentials):
 * find the test (the credential's own `test`, or a node's `testedBy`), apply defaults to
 * the data, then send the test request through RoutingNode from a temporary noOp node.
 * That node is how n8n's credentials helper knows it is a test, and so runs the
 * credential's preAuthentication (the login) even when a token is stored. The message is
 * the one the user sees under the credential form.
 */
export async function testCredentials(
	env: CredentialTesterEnvironment,
	credentialType: string,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const testFunction = findTestFunction(env, credentialType);
	if (testFunction === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	if (credentialsDecrypted.data) {
		try {
			credentialsDecrypted.data = await env.credentialsHelper.applyDefaultsAndOverwrites(
				env.additionalData(),
				credentialsDecrypted.data,
				credentialType,
				'internal',
			);
		} catch (error) {
			return { status: 'Error', message: String((error as Error).message) };
		}
	}

	if (typeof testFunction === 'function') {
		return await testFunction.call(new n8nCore.CredentialTestContext(), credentialsDecrypted);
	}

	const baseNodeType = testFunction.nodeType ?? new HarnessNoOp();
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: baseNodeType.description.name,
		typeVersion: Array.isArray(baseNodeType.description.version)
			? baseNodeType.description.version.slice(-1)[0]
			: baseNodeType.description.version,
		position: [0, 0],
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	// A copy of the node type whose only property routes the test request.
	const testNodeType: INodeType = {
		description: {
			...baseNodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testFunction.testRequest.request },
					default: '',
				},
			],
		},
	};
	const mockNodeTypes = new HarnessNodeTypes();
	mockNodeTypes.add(testNodeType.description.name, testNodeType);

	const workflow = new n8nWorkflow.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: mockNodeTypes });
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const runExecutionData: IRunExecutionData = n8nWorkflow.createRunExecutionData({ executionData: null });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new n8nCore.ExecuteContext(
		workflow,
		node,
		env.additionalData(),
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new n8nCore.RoutingNode(context, testNodeType, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		// Same translation as n8n: HTTP status rules first, then status text, then a
		// network error code, and only then the error's own message.
		const error = caught as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testFunction.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: statusMessage || `Received HTTP status code: ${statusCode}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testFunction.testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const json = response?.[0]?.[0]?.json ?? {};
			if (getPath(json, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** n8n's lookup order: the credential's own `test`, then `testedBy` on a node using it. */
function findTestFunction(
	env: CredentialTesterEnvironment,
	credentialType: string,
): ICredentialTestFunction | ICredentialTestRequestData | undefined {
	const type = env.credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of env.credentialTypes.getSupportedNodes(credentialType)) {
		const node = env.nodeTypes.getByName(nodeName);
		const versions: INodeType[] = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node as INodeType];
		for (const nodeType of versions) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType || !testedBy) continue;
				if (typeof testedBy === 'string') {
					const versioned = n8nWorkflow.NodeHelpers.getVersionedNodeType(node);
					return (nodeType.methods ?? versioned.methods)?.credentialTest?.[testedBy];
				}
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

function getPath(object: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}
