/**
 * The SarvCRM node as an AI tool, through n8n-core's own tool path: a caller node with an
 * `ai_tool` input (what the AI Agent and the MCP Server Trigger are) asks n8n for its tools,
 * n8n builds them from the SarvCRM node's `$fromAI()` parameters and, on invoke, runs the
 * node's `execute` (never a customOperation) with the arguments as input. The e2e suite
 * (test/e2e/mcp.e2e.ts) does the same through a real n8n and MCP client.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { startHarness, type Harness, type WorkflowNode } from '../../harness';

const CALLER_TYPE = 'harness.toolCaller';

interface ToolLike {
	name: string;
	invoke(args: IDataObject): Promise<unknown>;
}

/** Invokes the connected tool named in `tool` with the JSON `args`, like an agent's tool call. */
class ToolCaller implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tool Caller',
		name: CALLER_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Calls a connected tool (test harness only)',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Tool', name: 'tool', type: 'string', default: '' },
			{ displayName: 'Arguments', name: 'args', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as ToolLike | ToolLike[];
		const tools = Array.isArray(connected) ? connected : [connected];
		const name = this.getNodeParameter('tool', 0) as string;
		const rawArgs = this.getNodeParameter('args', 0) as string | IDataObject;
		const args = (typeof rawArgs === 'string' ? JSON.parse(rawArgs) : rawArgs) as IDataObject;
		const tool = tools.find((t) => t.name === name);
		if (!tool) return [[{ json: { tools: tools.map((t) => t.name) } }]];
		try {
			return [[{ json: { reply: (await tool.invoke(args)) as string } }]];
		} catch (error) {
			return [[{ json: { error: (error as Error).message } }]];
		}
	}
}

let h: Harness;
let toolType: string;

beforeAll(async () => {
	h = await startHarness();
	// n8n's CLI generates "<node>Tool" from a usableAsTool node: same node, output ai_tool.
	const base = h.loaded.nodeTypes.getByNameAndVersion(h.nodeType);
	expect(base.description.usableAsTool).toBe(true);
	toolType = `${h.nodeType}Tool`;
	const description = { ...base.description, name: toolType, inputs: [], outputs: [NodeConnectionTypes.AiTool] };
	h.loaded.nodeTypes.add(toolType, Object.create(base, { description: { value: description } }) as INodeType);
	h.loaded.nodeTypes.add(CALLER_TYPE, new ToolCaller());
});
afterAll(async () => await h.close());

async function callTool(
	toolName: string,
	parameters: IDataObject,
	args: IDataObject,
): Promise<{ reply?: string; error?: string; tools?: string[] }> {
	const tool: WorkflowNode = {
		name: toolName,
		type: toolType,
		parameters: { descriptionType: 'manual', toolDescription: toolName, ...parameters },
	};
	const caller: WorkflowNode = { name: 'Agent', type: CALLER_TYPE, parameters: { tool: toolName, args: JSON.stringify(args) } };
	const result = await h.run({
		nodes: [h.startNode(), caller, tool],
		connections: {
			Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			[toolName]: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
	});
	const [out] = result.focus('Agent').assertSuccess().json();
	return out as { reply?: string; error?: string; tools?: string[] };
}

const leadId = (value: string) => ({ __rl: true, mode: 'id', value });

it('get: $fromAI fills the Record, the reply is the simplified record as JSON text', async () => {
	const lead = h.sandbox.records('Leads')[0];
	const out = await callTool(
		'get_lead',
		{
			resource: 'Leads',
			operation: 'get',
			recordId: leadId("={{ $fromAI('lead_id', 'The lead ID', 'string') }}"),
			options: { simplify: true },
		},
		{ lead_id: String(lead.id) },
	);
	expect(out.error).toBeUndefined();
	const [record] = JSON.parse(out.reply!) as IDataObject[];
	expect(record).toMatchObject({ id: lead.id, last_name: lead.last_name, url: expect.stringContaining(String(lead.id)) });
	expect(record).not.toHaveProperty('deleted');
});

it('update: a $fromAI json object as the mapper value changes exactly those fields', async () => {
	const lead = h.sandbox.records('Leads')[1];
	const out = await callTool(
		'update_lead',
		{
			resource: 'Leads',
			operation: 'update',
			recordId: leadId("={{ $fromAI('lead_id', 'The lead ID', 'string') }}"),
			fieldsInput: 'mapper',
			columns: {
				mappingMode: 'defineBelow',
				value: "={{ $fromAI('fields', 'Field names to new values', 'json') }}",
				matchingColumns: [],
				schema: [],
			},
			options: {},
		},
		{ lead_id: String(lead.id), fields: { title: 'Tool Tester', status: 'In Process' } },
	);
	expect(out.error).toBeUndefined();
	expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({
		title: 'Tool Tester',
		status: 'In Process',
		last_name: lead.last_name,
	});
});

it('an unknown field is a tool error naming it, and nothing is sent', async () => {
	const lead = h.sandbox.records('Leads')[2];
	const saves = h.sandbox.calls('Save');
	const out = await callTool(
		'update_lead',
		{
			resource: 'Leads',
			operation: 'update',
			recordId: leadId("={{ $fromAI('lead_id', 'The lead ID', 'string') }}"),
			fieldsInput: 'mapper',
			columns: {
				mappingMode: 'defineBelow',
				value: "={{ $fromAI('fields', 'Field names to new values', 'json') }}",
				matchingColumns: [],
				schema: [],
			},
			options: {},
		},
		{ lead_id: String(lead.id), fields: { no_such_field: 'x' } },
	);
	expect(out.error).toMatch(/Field "no_such_field" does not exist in module Leads/);
	expect(h.sandbox.calls('Save')).toBe(saves);
});

it('arguments that do not fit the $fromAI types are refused before the node runs', async () => {
	const calls = h.sandbox.calls();
	const out = await callTool(
		'find_by_phone',
		{
			resource: 'Contacts',
			operation: 'searchByNumber',
			phoneNumber: "={{ $fromAI('phone', 'The phone number', 'string') }}",
			allModules: true,
		},
		{ phone: 9121234567 },
	);
	expect(out.error).toMatch(/did not match expected schema[\s\S]*phone/);
	expect(h.sandbox.calls()).toBe(calls);
});
