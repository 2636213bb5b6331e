/**
 * The test harness in one call: `startHarness()` starts the SarvCRM sandbox, loads the
 * built package the way n8n loads a community package, stores a credential pointing at
 * the sandbox, and hands back helpers that run workflows through n8n's real engine.
 *
 *   const h = await startHarness();
 *   const result = await h.runNode({ resource: 'Leads', operation: 'getFields' });
 *   expect(result.assertSuccess().json()).toContainEqual(expect.objectContaining({ name: 'last_name' }));
 *   expect(h.sandbox.calls('Login')).toBe(1);
 *   await h.close();
 */
import './environment';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	ResourceMapperFields,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { SarvCrmSandbox } from '../sandbox/server';
import { CredentialStore } from './credential-store';
import { testCredentials } from './credential-tester';
import { HarnessCredentialsHelper } from './credentials-helper';
import { NOOP_NODE_TYPE, START_NODE_TYPE } from './harness-nodes';
import { loadPackage, type LoadedPackage } from './loader';
import { stopN8nBackgroundTimers } from './n8n';
import { callNodeMethod } from './node-methods';
import { runPoll, type PollResult } from './poller';
import {
	buildAdditionalData,
	runWorkflow,
	type RunOptions,
	type RunResult,
	type WorkflowDefinition,
	type WorkflowNode,
} from './workflow-runner';

export { RunResult } from './workflow-runner';
export type { WorkflowDefinition, WorkflowNode, RunOptions } from './workflow-runner';
export type { PollResult } from './poller';
export { CredentialStore } from './credential-store';
export { n8nCore, n8nWorkflow } from './n8n';
export { START_NODE_TYPE, NOOP_NODE_TYPE, harnessFileBytes, type HarnessFile } from './harness-nodes';

export const CREDENTIAL_TYPE = 'sarvCrmApi';
export const DEFAULT_CREDENTIAL_ID = 'sarvcrm-sandbox';
export const DEFAULT_CREDENTIAL_NAME = 'SarvCRM Sandbox';
/** Name of the SarvCRM node in workflows built by `runNode`/`sarvNode`. */
export const SARV_NODE_NAME = 'SarvCRM';
export const START_NODE_NAME = 'Start';

/** The credential form's fields (sessionToken is hidden and filled by the login). */
export interface SarvCredentialData extends ICredentialDataDecryptedObject {
	baseUrl: string;
	utype: string;
	username: string;
	password: string;
	language: string;
	loginType: string;
}

type SandboxOptions = ConstructorParameters<typeof SarvCrmSandbox>[0];

/**
 * A sandbox the caller owns (starts and stops itself): a `SarvCrmSandbox`, or a client of
 * one running elsewhere, e.g. in another process (see bench/remote-sandbox.ts). The harness
 * only needs `start()` to resolve its API URL (…/API.php).
 */
export interface SandboxHandle {
	start(): Promise<string>;
}

export interface HarnessOptions<S extends SandboxHandle = SarvCrmSandbox> {
	/** Options for a new sandbox (merged over the demo defaults), or a sandbox the caller starts and stops itself. */
	sandbox?: Partial<SandboxOptions> | S;
	/** Overrides for the default credential's data. */
	credential?: Partial<SarvCredentialData>;
	/** `$vars` available to expressions. */
	variables?: IDataObject;
	/** typeVersion of the SarvCRM nodes `runNode`/`sarvNode` build (default: the node's default version). */
	nodeVersion?: number;
}

/** Per-node settings of the editor's "Settings" tab. */
export interface NodeSettings {
	name?: string;
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	typeVersion?: number;
	/** Credential to use instead of the default one (its id in the store). */
	credentialId?: string;
}

export interface Harness<S extends SandboxHandle = SarvCrmSandbox> {
	sandbox: S;
	/** Sandbox API address (…/API.php), the default credential's Base URL. */
	url: string;
	credentials: HarnessCredentials;
	credentialId: string;
	/** Full type name of the SarvCRM node, e.g. `n8n-nodes-sarvcrm.sarvCrm`. */
	nodeType: string;
	loaded: LoadedPackage;
	credentialsHelper: HarnessCredentialsHelper;
	/** Runs any workflow; nodes without credentials that need `sarvCrmApi` get the default one. */
	run(workflow: WorkflowDefinition, options?: RunOptions): Promise<RunResult>;
	/**
	 * Runs Start → SarvCRM with these parameters; the result's default node is the SarvCRM node.
	 * `execution` sets the mode (a production one keeps static data between runs, as n8n does),
	 * the workflow's time zone setting and id.
	 */
	runNode(
		parameters: INodeParameters,
		inputItems?: IDataObject[],
		settings?: NodeSettings,
		execution?: ExecutionSettings,
	): Promise<RunResult>;
	/** The static data n8n keeps for a workflow between its non-manual executions. */
	staticData(workflowId?: string): IDataObject | undefined;
	/** Workflow JSON of a SarvCRM node (for hand-built workflows). */
	sarvNode(parameters: INodeParameters, settings?: NodeSettings): WorkflowNode;
	/** Workflow JSON of the harness start node emitting these items. */
	startNode(items?: IDataObject[], name?: string): WorkflowNode;
	/** The credential modal's Test button, on the default credential or on it with overrides. */
	testCredential(overrides?: Partial<SarvCredentialData>): Promise<INodeCredentialTestResult>;
	/**
	 * A dropdown's options (`methods.loadOptions[methodName]` of the SarvCRM node), as the
	 * editor loads them while the node holds these parameters; `credential` picks another
	 * stored credential (id) or stores one with these overrides.
	 */
	loadOptions(methodName: string, nodeParameters?: INodeParameters, credential?: CredentialChoice): Promise<INodePropertyOptions[]>;
	listSearch(
		methodName: string,
		nodeParameters?: INodeParameters,
		filter?: string,
		paginationToken?: unknown,
		credential?: CredentialChoice,
	): Promise<INodeListSearchResult>;
	resourceMapping(methodName: string, nodeParameters?: INodeParameters, credential?: CredentialChoice): Promise<ResourceMapperFields>;
	/** Runs a polling trigger's poll() once; feed `staticData` of the result into the next call. */
	poll(
		nodeType: string,
		parameters: INodeParameters,
		staticData?: IDataObject,
		options?: { mode?: 'trigger' | 'manual'; credential?: CredentialChoice; timezone?: string },
	): Promise<PollResult>;
	close(): Promise<void>;
}

/** How one execution of `runNode` runs: what differs between an editor run and a production one. */
export interface ExecutionSettings {
	/** 'manual' (the editor, default) or a production mode ('trigger', 'webhook', 'cli', 'retry'...) */
	mode?: WorkflowExecuteMode;
	/** The workflow's Timezone setting (IANA name); n8n's default otherwise */
	timezone?: string;
	/** The workflow id; executions of one id share static data. Default 'harness-workflow' */
	workflowId?: string;
}

/** A credential id in the store, or credential data overrides (stored under a new id). */
export type CredentialChoice = string | Partial<SarvCredentialData>;

export interface HarnessCredentials {
	store: CredentialStore;
	/** Stored data of a credential (default: the sandbox credential). */
	get(id?: string): ICredentialDataDecryptedObject;
	/** Replaces the stored data (default credential unless `id` given). */
	set(data: ICredentialDataDecryptedObject, id?: string): void;
	/** Stores a further credential of type sarvCrmApi and returns its id. */
	add(data: Partial<SarvCredentialData>, name?: string): string;
	/** The session token n8n stored for a credential ('' if none yet). */
	token(id?: string): string;
	/** How many times n8n persisted a credential (`updateCredentials`), for one id or all. */
	updates(id?: string): number;
}

const isHandle = (sandbox: unknown): sandbox is SandboxHandle =>
	typeof sandbox === 'object' && sandbox !== null && typeof (sandbox as SandboxHandle).start === 'function';

export async function startHarness<S extends SandboxHandle>(options: HarnessOptions<S> & { sandbox: S }): Promise<Harness<S>>;
export async function startHarness(options?: HarnessOptions): Promise<Harness>;
export async function startHarness(options: HarnessOptions<SandboxHandle> = {}): Promise<Harness<SandboxHandle>> {
	const callerOwned = isHandle(options.sandbox);
	const sandbox: SandboxHandle & { stop?: () => Promise<void> } = isHandle(options.sandbox)
		? options.sandbox
		: new SarvCrmSandbox({
				port: 0,
				utype: 'demo',
				users: [{ user_name: 'admin', password: 'sarv-demo' }],
				seed: true,
				...options.sandbox,
			} as SandboxOptions);
	const url = await sandbox.start();

	try {
		const loaded = await loadPackage();
		const nodeType = loaded.nodeTypeNames.sarvCrm;
		if (!nodeType) throw new Error(`The package has no node "sarvCrm" (has: ${Object.keys(loaded.nodeTypeNames).join(', ')})`);

		const store = new CredentialStore();
		const credentialsHelper = new HarnessCredentialsHelper(loaded.credentialTypes, store);
		const env = { nodeTypes: loaded.nodeTypes, credentialsHelper, variables: options.variables };
		const additionalData = () => buildAdditionalData(env);

		const defaultData: SarvCredentialData = {
			baseUrl: url,
			utype: 'demo',
			username: 'admin',
			password: 'sarv-demo',
			language: 'en_US',
			loginType: '',
			...options.credential,
		};
		store.set({
			id: DEFAULT_CREDENTIAL_ID,
			name: DEFAULT_CREDENTIAL_NAME,
			type: CREDENTIAL_TYPE,
			data: { ...defaultData } as ICredentialDataDecryptedObject,
		});

		let extraCredentials = 0;
		const credentials: HarnessCredentials = {
			store,
			get: (id = DEFAULT_CREDENTIAL_ID) => {
				const record = store.get(id);
				if (!record) throw new Error(`No credential "${id}" in the harness store`);
				return record.data;
			},
			set: (data, id = DEFAULT_CREDENTIAL_ID) => {
				const record = store.get(id);
				store.set({ id, name: record?.name ?? id, type: CREDENTIAL_TYPE, data });
			},
			add: (data, name) => {
				extraCredentials += 1;
				const id = `sarvcrm-credential-${extraCredentials}`;
				store.set({
					id,
					name: name ?? `SarvCRM ${extraCredentials}`,
					type: CREDENTIAL_TYPE,
					data: { ...defaultData, ...data } as ICredentialDataDecryptedObject,
				});
				return id;
			},
			token: (id = DEFAULT_CREDENTIAL_ID) => String(credentials.get(id).sessionToken ?? ''),
			updates: (id) => store.updateCount(id),
		};

		const nodeCredentials = (choice?: CredentialChoice): INodeCredentials => {
			const id = typeof choice === 'object' ? credentials.add(choice) : (choice ?? DEFAULT_CREDENTIAL_ID);
			return { [CREDENTIAL_TYPE]: { id, name: store.get(id)?.name ?? id } };
		};

		/** The editor attaches the selected credential to every node whose type declares it. */
		const withCredentials = (workflow: WorkflowDefinition): WorkflowDefinition => ({
			...workflow,
			nodes: workflow.nodes.map((node) => {
				if (node.credentials || node.type === START_NODE_TYPE || node.type === NOOP_NODE_TYPE) return node;
				const type = loaded.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
				const needs = (type.description.credentials ?? []).some((c) => c.name === CREDENTIAL_TYPE);
				return needs ? { ...node, credentials: nodeCredentials() } : node;
			}),
		});

		const sarvNode = (parameters: INodeParameters, settings: NodeSettings = {}): WorkflowNode => {
			const { name, credentialId, continueOnFail, ...rest } = settings;
			const node: WorkflowNode = {
				name: name ?? SARV_NODE_NAME,
				type: nodeType,
				parameters,
				credentials: nodeCredentials(credentialId),
				...(options.nodeVersion !== undefined ? { typeVersion: options.nodeVersion } : {}),
				...rest,
			};
			// "Continue on fail" is onError=continueRegularOutput in current n8n.
			if (continueOnFail) node.onError = 'continueRegularOutput';
			return node;
		};

		const startNode = (items: IDataObject[] = [{}], name = START_NODE_NAME): WorkflowNode => ({
			name,
			type: START_NODE_TYPE,
			parameters: { items: JSON.stringify(items) },
		});

		// n8n's database of static data, per workflow id (saved after non-manual executions only).
		const staticDataByWorkflow = new Map<string, IDataObject>();
		const kept = {
			get: (id: string) => staticDataByWorkflow.get(id),
			set: (id: string, data: IDataObject) => void staticDataByWorkflow.set(id, data),
		};

		const harness: Harness<SandboxHandle> = {
			sandbox,
			url,
			credentials,
			credentialId: DEFAULT_CREDENTIAL_ID,
			nodeType,
			loaded,
			credentialsHelper,
			sarvNode,
			startNode,
			run: async (workflow, runOptions) => await runWorkflow(env, withCredentials(workflow), { staticData: kept, ...runOptions }),
			runNode: async (parameters, inputItems = [{}], settings = {}, execution = {}) => {
				const node = sarvNode(parameters, settings);
				const result = await runWorkflow(
					env,
					{
						id: execution.workflowId,
						nodes: [startNode(inputItems), node],
						connections: { [START_NODE_NAME]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
						...(execution.timezone ? { settings: { timezone: execution.timezone } } : {}),
					},
					{ mode: execution.mode, staticData: kept },
				);
				return result.focus(node.name);
			},
			staticData: (workflowId = 'harness-workflow') => staticDataByWorkflow.get(workflowId),
			testCredential: async (overrides) => {
				const id = overrides ? credentials.add(overrides) : DEFAULT_CREDENTIAL_ID;
				const record = store.get(id)!;
				return await testCredentials(
					{ nodeTypes: loaded.nodeTypes, credentialTypes: loaded.credentialTypes, credentialsHelper, additionalData },
					CREDENTIAL_TYPE,
					{ id: record.id, name: record.name, type: record.type, data: record.data },
				);
			},
			loadOptions: async (methodName, nodeParameters = {}, credential) =>
				await callNodeMethod('loadOptions', methodName, {
					nodeTypes: loaded.nodeTypes,
					nodeType,
					nodeParameters,
					credentials: nodeCredentials(credential),
					additionalData: additionalData(),
				}),
			listSearch: async (methodName, nodeParameters = {}, filter, paginationToken, credential) =>
				await callNodeMethod(
					'listSearch',
					methodName,
					{
						nodeTypes: loaded.nodeTypes,
						nodeType,
						nodeParameters,
						credentials: nodeCredentials(credential),
						additionalData: additionalData(),
					},
					filter,
					paginationToken,
				),
			resourceMapping: async (methodName, nodeParameters = {}, credential) =>
				await callNodeMethod('resourceMapping', methodName, {
					nodeTypes: loaded.nodeTypes,
					nodeType,
					nodeParameters,
					credentials: nodeCredentials(credential),
					additionalData: additionalData(),
				}),
			poll: async (pollNodeType, parameters, staticData = {}, pollOptions = {}) =>
				await runPoll({
					nodeTypes: loaded.nodeTypes,
					nodeType: loaded.nodeTypeNames[pollNodeType] ?? pollNodeType,
					parameters,
					staticData,
					mode: pollOptions.mode,
					timezone: pollOptions.timezone,
					credentials: nodeCredentials(pollOptions.credential),
					additionalData: additionalData(),
				}),
			close: async () => {
				stopN8nBackgroundTimers();
				if (!callerOwned) await sandbox.stop?.();
			},
		};
		return harness;
	} catch (error) {
		if (!callerOwned) await sandbox.stop?.();
		throw error;
	}
}

/** Items of a node as plain json, a shorthand for assertions. */
export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}
