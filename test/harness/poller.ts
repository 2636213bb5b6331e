import './environment';

import type {
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { HarnessNodeTypes } from './loader';
import { n8nCore, n8nWorkflow } from './n8n';

export interface PollCall {
	nodeTypes: HarnessNodeTypes;
	nodeType: string;
	typeVersion?: number;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	/** The workflow's static data before this poll (`{ 'node:<name>': {...} }`). */
	staticData?: IDataObject;
	/** 'trigger': an active workflow's scheduled poll; 'manual': "Fetch test event". */
	mode?: 'trigger' | 'manual';
	nodeName?: string;
	/** The workflow's Timezone setting (IANA name) */
	timezone?: string;
	additionalData: IWorkflowExecuteAdditionalData;
}

export interface PollResult {
	/** What poll() returned: null means "nothing new" (n8n then starts no execution). */
	items: INodeExecutionData[][] | null;
	/** The workflow static data after the poll, as plain data. */
	staticData: IDataObject;
	/** True when the node changed its static data (n8n then saves it, in trigger mode only). */
	staticDataChanged: boolean;
	/** Whether n8n would persist the new static data: only an active (trigger) workflow does. */
	persisted: boolean;
}

/**
 * Runs a polling trigger's `poll()` as n8n does: in 'trigger' mode like the active
 * workflow's poll cycle (getExecutePollFunctions with mode 'trigger', activation 'init'),
 * in 'manual' mode like the editor's "Fetch test event" (mode and activation 'manual').
 * The static data object is n8n's observable one, so `staticDataChanged` is exactly the
 * flag n8n checks before saving.
 */
export async function runPoll(call: PollCall): Promise<PollResult> {
	const mode = call.mode ?? 'trigger';
	const nodeType = call.nodeTypes.getByNameAndVersion(call.nodeType, call.typeVersion);
	if (typeof nodeType.poll !== 'function') {
		throw new n8nWorkflow.UnexpectedError(`Node type "${call.nodeType}" has no poll() method`);
	}
	const node: INode = {
		id: 'poll-node',
		name: call.nodeName ?? nodeType.description.defaults.name ?? 'Trigger',
		type: call.nodeType,
		typeVersion:
			call.typeVersion ??
			(Array.isArray(nodeType.description.version) ? Math.max(...nodeType.description.version) : nodeType.description.version),
		position: [0, 0],
		parameters: structuredClone(call.parameters),
		credentials: call.credentials,
	};
	const workflow = new n8nWorkflow.Workflow({
		id: 'harness-poll-workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: call.nodeTypes,
		...(call.timezone ? { settings: { timezone: call.timezone } } : {}),
		staticData: structuredClone(call.staticData ?? {}),
	});
	const workflowNode = workflow.getNode(node.name)!;
	const pollFunctions = n8nCore.getExecutePollFunctions(
		workflow,
		workflowNode,
		call.additionalData,
		mode,
		mode === 'trigger' ? 'init' : 'manual',
	);
	const items = await nodeType.poll.call(pollFunctions);

	const changed = (workflow.staticData as IDataObject).__dataChanged === true;
	const staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete staticData.__dataChanged;
	return { items, staticData, staticDataChanged: changed, persisted: changed && mode === 'trigger' };
}
