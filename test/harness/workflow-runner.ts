import './environment';

import { randomUUID } from 'node:crypto';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ExecutionError,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessNodeTypes } from './loader';
import { n8nCore, n8nWorkflow } from './n8n';

const { UnexpectedError } = n8nWorkflow;

/** A node as tests write it: id, position and typeVersion may be left out. */
export type WorkflowNode = Omit<INode, 'id' | 'position' | 'typeVersion'> & Partial<Pick<INode, 'id' | 'position' | 'typeVersion'>>;

/** Workflow JSON as the editor exports it, minus what tests never need. */
export interface WorkflowDefinition {
	/** The workflow's id (what static data is kept under); 'harness-workflow' when left out */
	id?: string;
	name?: string;
	nodes: WorkflowNode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	pinData?: IPinData;
}

/**
 * Where a workflow's static data lives between executions (n8n's database). n8n's
 * `workflowExecuteAfter` hook saves it for every execution that is not manual, failed ones
 * included, when a node changed it; the next execution of the workflow starts from it.
 */
export interface StaticDataStore {
	get(workflowId: string): IDataObject | undefined;
	set(workflowId: string, data: IDataObject): void;
}

export interface RunOptions {
	/** The execution mode: 'manual' (the editor's Execute, the default), 'trigger', 'webhook', 'cli', 'retry'... */
	mode?: WorkflowExecuteMode;
	/** Keeps static data between executions as n8n does (loaded before, saved after a non-manual one) */
	staticData?: StaticDataStore;
	/** Node to start from; default: the first node that has no incoming connection. */
	startNode?: string;
	/** Items handed to the start node (n8n hands a trigger-less start one empty item). */
	startItems?: INodeExecutionData[];
}

/** What every execution needs from the harness: node types and the credentials helper. */
export interface ExecutionEnvironment {
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
	/** `$vars` of expressions */
	variables?: IDataObject;
}

/**
 * The additional data n8n's cli builds per execution (WorkflowExecuteAdditionalData.getBase),
 * cut to what a node of this package can reach: the credentials helper, URLs that
 * expressions like $execution.resumeUrl read, `$vars`, and stubs that fail loudly for
 * features this harness does not offer (sub-workflows, the task runner).
 */
export function buildAdditionalData(
	env: ExecutionEnvironment,
	hooks?: ExecutionLifecycleHooks,
	executionId: string = randomUUID(),
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the SarvCRM test harness`);
	};
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: env.credentialsHelper,
		hooks,
		executionId,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: env.variables ?? {},
		externalSecretsProxy: new n8nCore.ExternalSecretsProxy(),
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notAvailable('The task runner (Code node)'),
	} as IWorkflowExecuteAdditionalData;
}

/** Fills in what the editor would: ids, positions, the newest type version. */
export function normalizeNodes(nodes: WorkflowNode[], nodeTypes: HarnessNodeTypes): INode[] {
	return nodes.map((node, index) => {
		let typeVersion = node.typeVersion;
		if (typeVersion === undefined) {
			const type = nodeTypes.getByName(node.type);
			typeVersion =
				'nodeVersions' in type
					? type.currentVersion
					: Array.isArray(type.description.version)
						? Math.max(...type.description.version)
						: type.description.version;
		}
		return {
			...structuredClone(node),
			id: node.id ?? `node-${index}`,
			position: node.position ?? [index * 220, 0],
			typeVersion,
		} as INode;
	});
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute, the engine n8n itself runs,
 * seeded the way n8n's own node tests seed it: the start node on the execution stack
 * with one empty item. Resolves when the `workflowExecuteAfter` hook fires.
 */
export async function runWorkflow(env: ExecutionEnvironment, definition: WorkflowDefinition, options: RunOptions = {}): Promise<RunResult> {
	const mode = options.mode ?? 'manual';
	const nodes = normalizeNodes(definition.nodes, env.nodeTypes);
	const workflowId = definition.id ?? 'harness-workflow';
	const staticData = structuredClone(definition.staticData ?? options.staticData?.get(workflowId) ?? {});
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: definition.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections: definition.connections,
		settings: { executionOrder: 'v1', ...definition.settings },
		staticData,
		pinData: definition.pinData,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;

	const workflow = new n8nWorkflow.Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: definition.connections,
		active: false,
		nodeTypes: env.nodeTypes,
		settings: workflowData.settings,
		staticData,
		pinData: definition.pinData,
	});

	const startNodeName = options.startNode ?? findStartNode(workflow, nodes);
	const startNode = workflow.getNode(startNodeName);
	if (!startNode) throw new UnexpectedError(`Start node "${startNodeName}" is not in the workflow`);

	const executionId = randomUUID();
	const hooks = new n8nCore.ExecutionLifecycleHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const finished = n8nWorkflow.createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (fullRunData, newStaticData) => {
		// n8n's save hook: static data a node changed is kept, except for manual executions.
		if (mode !== 'manual' && newStaticData && options.staticData) {
			const plain = JSON.parse(JSON.stringify(newStaticData)) as IDataObject;
			delete plain.__dataChanged;
			options.staticData.set(workflowId, plain);
		}
		finished.resolve(fullRunData);
	});

	const additionalData = buildAdditionalData(env, hooks, executionId);
	const runExecutionData: IRunExecutionData = n8nWorkflow.createRunExecutionData({
		resultData: { runData: {}, pinData: definition.pinData },
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.startItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const workflowExecute = new n8nCore.WorkflowExecute(additionalData, mode, runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished.promise;
	return new RunResult(run, executionOrder, workflow);
}

function findStartNode(workflow: Workflow, nodes: INode[]): string {
	const hasParent = new Set<string>();
	for (const outputs of Object.values(workflow.connectionsBySourceNode)) {
		for (const connections of Object.values(outputs)) {
			for (const group of connections) for (const connection of group ?? []) hasParent.add(connection.node);
		}
	}
	const start = nodes.find((node) => !hasParent.has(node.name) && !node.disabled);
	if (!start) throw new UnexpectedError('The workflow has no node without an incoming connection to start from');
	return start.name;
}

/**
 * The outcome of one execution, with readers for what tests assert on. Node readers take
 * a node name; without one they read the focused node (the SarvCRM node for `runNode`).
 */
export class RunResult {
	private focusedNode?: string;

	constructor(
		readonly run: IRun,
		/** Names of the nodes in the order they finished (a node run twice appears twice). */
		readonly executionOrder: string[],
		readonly workflow: Workflow,
	) {}

	/** Makes `nodeName` the default of items()/json()/nodeError()/task(). */
	focus(nodeName: string): this {
		this.focusedNode = nodeName;
		return this;
	}

	private nodeOrFocus(nodeName?: string): string {
		const name = nodeName ?? this.focusedNode;
		if (!name) throw new UnexpectedError('Name the node: this result has no focused node');
		return name;
	}

	get status() {
		return this.run.status;
	}

	/** The execution's error (set when a node failed without "continue on fail"). */
	get error(): ExecutionError | undefined {
		return this.run.data.resultData.error;
	}

	/** Error items a node emitted under "continue on fail" (json.error), by item index. */
	itemErrors(nodeName?: string): Array<{ index: number; error: unknown }> {
		return this.items(nodeName)
			.map((item, index) => ({ index, error: item.json?.error ?? item.error }))
			.filter((entry) => entry.error !== undefined);
	}

	/** Throws with the node's error message if the execution failed: makes failures readable. */
	assertSuccess(): this {
		if (this.error) {
			const description = (this.error as { description?: string }).description;
			throw new Error(
				`Execution failed in "${this.run.data.resultData.lastNodeExecuted}": ${this.error.message}` +
					(description ? ` — ${description}` : ''),
			);
		}
		return this;
	}

	/** The task data of one run of a node, or undefined if it never ran. */
	task(nodeName?: string, runIndex = 0): ITaskData | undefined {
		return this.run.data.resultData.runData[this.nodeOrFocus(nodeName)]?.[runIndex];
	}

	/** Output items (json, pairedItem, error, binary) of a node's output. */
	items(nodeName?: string, outputIndex = 0, runIndex = 0): INodeExecutionData[] {
		return this.task(nodeName, runIndex)?.data?.main?.[outputIndex] ?? [];
	}

	/** Just the json of the output items. */
	json(nodeName?: string, outputIndex = 0, runIndex = 0): IDataObject[] {
		return this.items(nodeName, outputIndex, runIndex).map((item) => item.json);
	}

	/** The error the node threw (without continue on fail), as n8n stores it on the run. */
	nodeError(nodeName?: string, runIndex = 0): ExecutionError | undefined {
		return this.task(nodeName, runIndex)?.error;
	}

	/** How many times a node ran in this execution. */
	runCount(nodeName?: string): number {
		return this.run.data.resultData.runData[this.nodeOrFocus(nodeName)]?.length ?? 0;
	}
}
