/**
 * examples/mcp-sarvcrm-tools.json in a real n8n, used by a real MCP client (the official SDK
 * over Streamable HTTP): the tools it lists, their input schemas, every tool called against
 * the sandbox (reply and store), bad arguments answered as tool errors with nothing written,
 * and the size of typical replies with Simplify on (the example) and off (a Raw copy).
 */
import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { connectMcp, type ListedTool, type McpSession, type ToolReply } from './mcp-client';
import { createEnv, n8n, type E2eEnv, type Server, type Workflow } from './helpers';

const PORT = Number(process.env.E2E_MCP_N8N_PORT || 5730);
const EXAMPLE = 'mcp-sarvcrm-tools.json';
const PASSWORD = 'sarv-demo';
const SIZES_FILE = process.env.E2E_MCP_SIZES || join(n8n.ROOT, 'test-results', 'mcp-reply-sizes.json');

const example = n8n.readExamples().find((e) => e.file === EXAMPLE)!.workflow as Workflow;
const MCP_PATH = String(example.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger')!.parameters.path);

/** The same tools with Simplify off everywhere, on their own MCP path: the "Raw" side of the size table. */
function rawCopy(wf: Workflow): Workflow {
	const copy = JSON.parse(JSON.stringify(wf)) as Workflow;
	copy.id = 'e2eMcpToolsRaw';
	copy.name = `${wf.name} (Raw)`;
	for (const node of copy.nodes) {
		node.id = `${node.id}-raw`;
		if (node.webhookId) node.webhookId = `${String(node.webhookId).slice(0, -4)}beef`;
		if (node.parameters.path) node.parameters.path = `${MCP_PATH}-raw`;
		const options = node.parameters.options as Record<string, unknown> | undefined;
		if (options && 'simplify' in options) options.simplify = false;
	}
	return copy;
}

let env: E2eEnv;
let server: Server;
let mcp: McpSession;
let raw: McpSession;
const replies: ToolReply[] = [];

async function call(name: string, args: Record<string, unknown>, session = mcp): Promise<ToolReply> {
	const reply = await session.call(name, args);
	replies.push(reply);
	return reply;
}

/** The reply of a successful call: a JSON array of the node's output items. */
async function ok(name: string, args: Record<string, unknown>, session = mcp): Promise<Array<Record<string, any>>> {
	const reply = await call(name, args, session);
	if (reply.isError) throw new Error(`${name} answered an error: ${reply.text}`);
	expect(Array.isArray(reply.json)).toBe(true);
	return reply.json as Array<Record<string, any>>;
}

/** Everything the store holds for the modules the tools write to. */
function snapshot(): string {
	return JSON.stringify(['Leads', 'Contacts', 'Notes', 'Calls'].map((m) => env.sandbox.records(m, { includeDeleted: true })));
}

beforeAll(async () => {
	env = await createEnv('mcp');
	await env.importAll([example, rawCopy(example)]);
	await n8n.activateWorkflows(env.f, env.userFolder, [example.id, 'e2eMcpToolsRaw']);
	server = n8n.startServer(env.f, env.userFolder, {
		port: PORT,
		// n8n versions that gate community nodes as AI tools read this; 1.123 and 2.x do not need it
		env: { N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true' },
	});
	await server.ready;
	mcp = await connectMcp(`${server.url}/mcp/${MCP_PATH}`);
	raw = await connectMcp(`${server.url}/mcp/${MCP_PATH}-raw`);
});

afterAll(async () => {
	await mcp?.close().catch(() => undefined);
	await raw?.close().catch(() => undefined);
	await server?.stop();
	await env?.close();
});

describe('tools/list', () => {
	let tools: ListedTool[];
	const byName = (name: string) => tools.find((t) => t.name === name)!;

	beforeAll(async () => {
		tools = await mcp.listTools();
	});

	test('one tool per SarvCRM node of the example, named after the node, each with a description', () => {
		const nodes = example.nodes.filter((node) => node.type === 'n8n-nodes-sarvcrm.sarvCrmTool');
		expect(tools.map((t) => t.name).sort()).toEqual(nodes.map((node) => node.name).sort());
		for (const tool of tools) {
			const node = nodes.find((n) => n.name === tool.name)!;
			expect(tool.description).toBe(node.parameters.toolDescription);
			expect(tool.inputSchema.type).toBe('object');
			for (const [key, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
				expect({ key, description: (schema.description ?? '').length > 10 }).toEqual({ key, description: true });
			}
		}
	});

	test('input schemas: the $fromAI keys with their types; required unless the workflow gives a default', () => {
		const shape = (name: string) => {
			const schema = byName(name).inputSchema;
			const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, v.type ?? (v.anyOf ? 'object|array' : 'any')]));
			return { props, required: [...(schema.required ?? [])].sort() };
		};
		process.stdout.write(`[mcp] input schemas: ${JSON.stringify(tools.map((t) => [t.name, t.inputSchema]))}\n`);
		expect(shape('find_by_phone')).toEqual({ props: { phone: 'string' }, required: ['phone'] });
		expect(shape('find_leads')).toEqual({ props: { search: 'string' }, required: ['search'] });
		expect(shape('get_lead')).toEqual({ props: { lead_id: 'string' }, required: ['lead_id'] });
		expect(shape('get_contact')).toEqual({ props: { contact_id: 'string' }, required: ['contact_id'] });
		expect(shape('create_lead')).toEqual({
			props: { last_name: 'string', first_name: 'string', email: 'string', company: 'string', description: 'string', mobile: 'string' },
			required: ['last_name'],
		});
		expect(shape('update_lead').required).toEqual(['fields', 'lead_id']);
		expect(shape('update_lead').props.lead_id).toBe('string');
		expect(shape('update_contact').required).toEqual(['contact_id', 'fields']);
		expect(shape('add_note')).toEqual({
			props: { subject: 'string', text: 'string', record_module: 'string', record_id: 'string' },
			required: ['record_id', 'record_module', 'subject', 'text'],
		});
		expect(shape('log_call')).toEqual({
			props: {
				subject: 'string',
				summary: 'string',
				direction: 'string',
				started_at: 'string',
				duration_minutes: 'number',
				record_module: 'string',
				record_id: 'string',
			},
			required: ['direction', 'duration_minutes', 'record_id', 'record_module', 'started_at', 'subject'],
		});
		expect(shape('list_lead_fields')).toEqual({ props: {}, required: [] });
		expect(shape('list_contact_fields')).toEqual({ props: {}, required: [] });
	});
});
