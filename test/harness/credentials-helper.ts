import './environment';

import type { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialTypes,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import { NOOP_NODE_TYPE } from './harness-nodes';
import { n8nCore, n8nWorkflow } from './n8n';

/**
 * A CredentialsHelper that behaves like n8n's own (packages/cli/src/credentials-helper.ts)
 * for everything a token-login credential touches, with an in-memory store instead of
 * the database. n8n's published test helper skips `preAuthentication` and generic
 * `authenticate`; this one implements both, so the MD5 login, the stored session token
 * and the re-login on HTTP 401 (done by n8n-core's httpRequestWithAuthentication) run
 * for real against the sandbox.
 *
 * Left out on purpose (no effect on this package): credential overwrites, external
 * secrets, dynamic (per-user) credentials, OAuth token storage, domain allow-lists.
 */
export class HarnessCredentialsHelper extends n8nWorkflow.ICredentialsHelper {
	/** Every preAuthentication call that actually logged in: tests read why it ran. */
	readonly preAuthenticationLog: Array<{ credentialId?: string; reason: 'empty' | 'expired' | 'test' }> = [];

	constructor(
		private readonly credentialTypes: ICredentialTypes,
		readonly store: CredentialStore,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	/** Adds the credential's authentication to a request (n8n: CredentialsHelper.authenticate). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			// Same walk as n8n: for each of headers/qs/body/auth, resolve key and value as
			// expressions with only `$credentials` available, then set them on the request.
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					const resolvedKey = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					const resolvedValue = this.resolveValue(value, { $credentials: credentials }, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][resolvedKey] = resolvedValue;
				}
			}
		}
		return requestOptions;
	}

	/**
	 * n8n's rule, step for step: only credentials with a hidden `expirable` property take
	 * part; the credential's preAuthentication runs when that property is empty, when the
	 * caller says the credentials expired (n8n-core passes true after an HTTP 401), or when
	 * the node is the credential tester's temporary noOp node. The returned token is
	 * persisted with updateCredentials, so the next execution starts with it.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (expirable?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;

		// n8n recognises a credential test by its temporary node: type noOp, parameter temp = ''.
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === NOOP_NODE_TYPE;
		const isEmpty = credentials[expirable.name] === '';
		if (!isEmpty && !credentialsExpired && !isTestingCredentials) return undefined;

		const nodeCredentials = node.credentials?.[credentialType.name];
		this.preAuthenticationLog.push({
			credentialId: nodeCredentials?.id ?? undefined,
			reason: isTestingCredentials ? 'test' : credentialsExpired ? 'expired' : 'empty',
		});

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		// n8n ignores an output that lacks the expirable property (nothing would be stored).
		if (output[expirable.name] === undefined) return undefined;

		if (node.credentials) {
			// Persist onto the stored (raw) data, never replacing a field stored as an
			// expression with this run's resolved value, except the token itself.
			const stored = await (await this.getCredentials(nodeCredentials!, credentialType.name)).getData();
			const toPersist: ICredentialDataDecryptedObject = { ...stored };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirable.name || !isExpression(stored[key])) toPersist[key] = value as ICredentialDataDecryptedObject[string];
			}
			await this.updateCredentials(nodeCredentials!, credentialType.name, toPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	/** The stored record wrapped in n8n-core's Credentials class, as n8n returns it. */
	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const record = this.findRecord(nodeCredentials, type);
		const credentials = new n8nCore.Credentials({ id: record.id, name: record.name }, record.type);
		credentials.setData(record.data);
		return credentials;
	}

	/** A copy of the stored data with defaults applied and expressions resolved. */
	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.findRecord(nodeCredentials, type).data;
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	/** n8n: fills property defaults, then resolves `={{...}}` values of the credential. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = n8nWorkflow.NodeHelpers.getNodeParameters(
			properties,
			{ ...decryptedDataOriginal } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		const additionalKeys = n8nCore.getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });
		if (expressionResolveValues) {
			return expressionResolveValues.workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		}
		const workflow = mockWorkflow();
		return workflow.expression.getComplexParameterValue(
			MOCK_NODE,
			withDefaults as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const record = this.findRecord(nodeCredentials, type);
		this.store.update(record.id, type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const record = this.findRecord(nodeCredentials, type);
		this.store.update(record.id, type, { ...record.data, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			n8nWorkflow.NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		n8nWorkflow.NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	/** n8n looks credentials up by id and type; a missing id or record is a user-facing error. */
	private findRecord(nodeCredentials: INodeCredentialsDetails, type: string) {
		if (!nodeCredentials.id) {
			throw new n8nWorkflow.UnexpectedError(`Credential "${nodeCredentials.name}" of type "${type}" has no id`);
		}
		const record = this.store.get(nodeCredentials.id);
		if (!record || record.type !== type) {
			throw new n8nWorkflow.UnexpectedError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		return record;
	}

	private resolveValue(value: string, additionalKeys: IWorkflowDataProxyAdditionalKeys, workflow: Workflow, node: INode): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', additionalKeys, undefined, '');
		return resolved ? resolved.toString() : '';
	}
}

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** n8n resolves credential expressions outside of a workflow against a one-node mock. */
const MOCK_NODE: INode = {
	id: 'mock',
	name: '',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const MOCK_NODE_TYPES: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

function mockWorkflow(): Workflow {
	return new n8nWorkflow.Workflow({ nodes: [MOCK_NODE], connections: {}, active: false, nodeTypes: MOCK_NODE_TYPES });
}
