/**
 * The workflows the queue-mode scenarios run: each starts from a production trigger (webhook
 * or polling), because only production executions go through Redis to the workers.
 */
import { PKG, type WfNode, type Workflow } from '../e2e/helpers';

export const CRED = { id: 'sarvQueueApi01', name: 'SarvCRM Queue' };
/** The trigger logs in as a user of its own, so the burst's logins can be told apart in the sandbox log. */
export const TRIGGER_CRED = { id: 'sarvQueueTrigger01', name: 'SarvCRM Queue Trigger' };
export const TRIGGER_USER = { user_name: 'poller', password: 'poller-pass' };

export const BURST_WF = 'queueBurst0000001';
export const BATCH_WF = 'queueBatchUpsert1';
export const TRIGGER_WF = 'queueNewLeads0001';
export const BURST_PATH = 'queue-burst';
export const BATCH_PATH = 'queue-batch';
/** The note the trigger's workflow writes for each lead it was handed: "seen <lead id>". */
export const SEEN_PREFIX = 'seen ';

let counter = 0;
function node(name: string, type: string, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode {
	return { id: `queue-node-${++counter}`, name, type, typeVersion: 1, position: [240 * counter, 0], parameters, ...extra };
}

function sarvNode(name: string, parameters: Record<string, unknown>, cred = CRED, extra: Partial<WfNode> = {}): WfNode {
	return node(name, `${PKG}.sarvCrm`, parameters, { credentials: { sarvCrmApi: cred }, ...extra });
}

function webhook(path: string, responseMode: 'lastNode' | 'onReceived'): WfNode {
	return node(
		'Webhook',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path, responseMode, responseData: 'firstEntryJson', options: {} },
		{ typeVersion: 2, webhookId: `queue-${path}` },
	);
}

function linear(id: string, name: string, nodes: WfNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** POST {n} → Get Many Leads (3) → one Create Lead with email burst-<n>@queue.test; answers the new lead. */
export function burstWorkflow(): Workflow {
	return linear(BURST_WF, 'queue: Get Many + Create', [
		webhook(BURST_PATH, 'lastNode'),
		sarvNode('Get Many Leads', { resource: 'Leads', operation: 'getAll', returnAll: false, limit: 3, options: {} }),
		sarvNode(
			'Create Lead',
			{
				resource: 'Leads',
				operation: 'create',
				fieldsInput: 'list',
				fields: {
					field: [
						{ name: 'last_name', value: "={{ 'Burst ' + $('Webhook').first().json.body.n }}" },
						{ name: 'email1', value: "={{ 'burst-' + $('Webhook').first().json.body.n + '@queue.test' }}" },
						{ name: 'status', value: 'New' },
					],
				},
				options: {},
			},
			CRED,
			{ executeOnce: true },
		),
	]);
}

/** POST {items: [{email, name}]} → Split Out → Create or Update Lead matched on email1. */
export function batchWorkflow(): Workflow {
	return linear(BATCH_WF, 'queue: batch Create or Update', [
		webhook(BATCH_PATH, 'onReceived'),
		node('Split Out', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
		sarvNode('Create or Update Lead', {
			resource: 'Leads',
			operation: 'upsert',
			fieldsInput: 'mapper',
			columns: {
				mappingMode: 'defineBelow',
				value: { last_name: '={{ $json.name }}', email1: '={{ $json.email }}', status: 'New' },
				matchingColumns: ['email1'],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		}),
	]);
}

/** Polls Leads every 5 s on the main; for each new lead a worker writes one note "seen <id>". */
export function triggerWorkflow(): Workflow {
	return linear(TRIGGER_WF, 'queue: new leads trigger', [
		node(
			'New Lead',
			`${PKG}.sarvCrmTrigger`,
			{
				// explicit seconds: n8n rejects a "*" in the seconds field of a polling cron
				pollTimes: { item: [{ mode: 'custom', cronExpression: '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *' }] },
				resource: 'Leads',
				event: 'created',
				options: {},
			},
			{ credentials: { sarvCrmApi: TRIGGER_CRED } },
		),
		sarvNode(
			'Note Seen',
			{
				resource: 'Notes',
				operation: 'create',
				fieldsInput: 'list',
				fields: { field: [{ name: 'name', value: `={{ '${SEEN_PREFIX}' + $json.id }}` }] },
				options: {},
			},
			TRIGGER_CRED,
		),
	]);
}

export const CREATE_BATCH_WF = 'queueCreateBatch1';
export const CREATE_BATCH_PATH = 'queue-create-batch';

/** POST {items: [{email, name}]} → Split Out → Create Lead per item; answers when done (bench). */
export function createBatchWorkflow(): Workflow {
	return linear(CREATE_BATCH_WF, 'queue: batch Create', [
		webhook(CREATE_BATCH_PATH, 'lastNode'),
		node('Split Out', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
		sarvNode('Create Lead', {
			resource: 'Leads',
			operation: 'create',
			fieldsInput: 'list',
			fields: {
				field: [
					{ name: 'last_name', value: '={{ $json.name }}' },
					{ name: 'email1', value: '={{ $json.email }}' },
					{ name: 'status', value: 'New' },
				],
			},
			options: {},
		}),
	]);
}
