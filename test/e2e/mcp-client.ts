/**
 * A real MCP client (the official TypeScript SDK) talking Streamable HTTP to an n8n
 * MCP Server Trigger, with the reply of each tool call kept as text, bytes and JSON.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ToolReply {
	isError: boolean;
	/** the text content the agent reads */
	text: string;
	/** UTF-8 size of that text: what the reply costs in an agent's context */
	bytes: number;
	/** the text parsed as JSON, when it is JSON */
	json: unknown;
}

export interface ListedTool {
	name: string;
	description?: string;
	inputSchema: { type: string; properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: unknown };
}

export interface JsonSchema {
	type?: string | string[];
	description?: string;
	default?: unknown;
	anyOf?: JsonSchema[];
	[k: string]: unknown;
}

export interface McpSession {
	listTools(): Promise<ListedTool[]>;
	call(name: string, args: Record<string, unknown>): Promise<ToolReply>;
	close(): Promise<void>;
}

/** Streamable HTTP by default; 'sse' for clients that still use the older SSE transport. */
export async function connectMcp(url: string, kind: 'streamable' | 'sse' = 'streamable'): Promise<McpSession> {
	const client = new Client({ name: 'n8n-nodes-sarvcrm-e2e', version: '1.0.0' });
	const transport = kind === 'sse' ? new SSEClientTransport(new URL(url)) : new StreamableHTTPClientTransport(new URL(url));
	await client.connect(transport);
	return {
		async listTools() {
			const { tools } = await client.listTools();
			return tools as ListedTool[];
		},
		async call(name, args) {
			const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 60000 });
			const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
			const text = content
				.filter((c) => c.type === 'text')
				.map((c) => c.text ?? '')
				.join('\n');
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			return { isError: result.isError === true, text, bytes: Buffer.byteLength(text, 'utf8'), json };
		},
		async close() {
			if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => undefined);
			await client.close();
		},
	};
}
