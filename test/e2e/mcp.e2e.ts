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

const RAW_ID = 'e2eMcpToolsRaw';

/**
 * The same tools with Simplify off, as a second workflow on `<path>-raw`: the "Raw" side of
 * the size table. The example itself is imported as it is.
 */
function rawCopy(wf: Workflow): Workflow {
	const copy = JSON.parse(JSON.stringify(wf)) as Workflow;
	copy.id = RAW_ID;
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
	const started = Date.now();
	const phase = (what: string) => process.stdout.write(`[mcp] ${what} after ${Math.round((Date.now() - started) / 1000)} s\n`);
	env = await createEnv('mcp');
	phase('package installed, credential imported');
	await env.importAll([example, rawCopy(example)]);
	await n8n.activateWorkflows(env.f, env.userFolder, [example.id, RAW_ID]);
	phase('imported and activated');
	// No opt-in for community nodes as tools: neither n8n 1.123.50 nor 2.41.1 reads one.
	server = n8n.startServer(env.f, env.userFolder, { port: PORT });
	await server.ready;
	phase('n8n ready');
	mcp = await connectWhenActive(`${server.url}/mcp/${MCP_PATH}`);
	raw = await connectWhenActive(`${server.url}/mcp/${MCP_PATH}-raw`);
	phase('MCP sessions open');
});

/** n8n 2.x activates published workflows after the editor is up: until then the MCP URL is a 404. */
async function connectWhenActive(url: string, timeoutMs = 90000): Promise<McpSession> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await connectMcp(url);
		} catch (error) {
			if (Date.now() > until || !/404|not registered/.test(String(error))) {
				const log = server
					.logs()
					.split('\n')
					.filter((line) => !/unknown webhook/.test(line));
				throw new Error(`no MCP server at ${url}: ${String(error)}\n${log.join('\n').slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

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
			const props = Object.fromEntries(
				Object.entries(schema.properties ?? {}).map(([k, v]) => [k, v.type ?? (v.anyOf ? 'object|array' : 'any')]),
			);
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
		// `fields` is $fromAI type json: n8n's schema says "a non-empty object" in its check, not in the JSON schema
		expect(shape('update_lead')).toEqual({ props: { lead_id: 'string', fields: 'any' }, required: ['fields', 'lead_id'] });
		expect(shape('update_contact')).toEqual({ props: { contact_id: 'string', fields: 'any' }, required: ['contact_id', 'fields'] });
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

describe('tools/call against the sandbox', () => {
	const stamp = Date.now();
	const mobile = `0912${String(stamp).slice(-7)}`;
	let lead: Record<string, any>;
	let contact: Record<string, any>;

	beforeAll(() => {
		lead = env.sandbox.insert('Leads', {
			first_name: 'Mina',
			last_name: `Agent${stamp}`,
			email1: `mina.${stamp}@example.com`,
			status: 'New',
			account_name: 'Kish Trading',
			numbers: [{ type: 'Mobile', number: mobile, phoneCode: '+98', primary: 1, sms: 1, fax: 0 }],
		});
		contact = env.sandbox.insert('Contacts', {
			first_name: 'Kaveh',
			last_name: `Caller${stamp}`,
			title: 'Buyer',
			numbers: [{ type: 'Work', number: `0217${String(stamp).slice(-7)}`, phoneCode: '+98', primary: 1, sms: 0, fax: 0 }],
		});
	});

	test('find_by_phone: a lead by its full mobile number, a contact by part of its number', async () => {
		const leads = await ok('find_by_phone', { phone: mobile });
		expect(leads).toContainEqual(expect.objectContaining({ module: 'Leads', id: lead.id, url: expect.stringContaining(String(lead.id)) }));
		const contacts = await ok('find_by_phone', { phone: `217${String(stamp).slice(-7, -2)}` });
		expect(contacts).toContainEqual(expect.objectContaining({ module: 'Contacts', id: contact.id }));
		expect(await ok('find_by_phone', { phone: '0999000000000' })).toEqual([]);
	});

	test('find_leads: by email, by part of the last name; simplified', async () => {
		const byEmail = await ok('find_leads', { search: `mina.${stamp}@example.com` });
		expect(byEmail.map((r) => r.id)).toEqual([lead.id]);
		const byName = await ok('find_leads', { search: `gent${stamp}` });
		expect(byName.map((r) => r.id)).toEqual([lead.id]);
		expect(byName[0]).toMatchObject({ first_name: 'Mina', email1: `mina.${stamp}@example.com`, account_name: 'Kish Trading' });
		expect(byName[0]).not.toHaveProperty('deleted');
		for (const value of Object.values(byName[0])) expect(value === '' || value === null).toBe(false);
	});

	test('get_lead and get_contact: the record as stored, simplified, with its url', async () => {
		const [gotLead] = await ok('get_lead', { lead_id: lead.id });
		expect(gotLead).toMatchObject({
			id: lead.id,
			last_name: `Agent${stamp}`,
			status: 'New',
			url: expect.stringContaining(`record=${lead.id}`),
		});
		expect(gotLead).not.toHaveProperty('created_by');
		const [gotContact] = await ok('get_contact', { contact_id: contact.id });
		expect(gotContact).toMatchObject({ id: contact.id, first_name: 'Kaveh', title: 'Buyer' });
	});

	test('create_lead: the lead is in the store with the given fields, its mobile and status New', async () => {
		const before = env.sandbox.records('Leads').length;
		const [created] = await ok('create_lead', {
			last_name: `Created${stamp}`,
			first_name: 'Sara',
			email: `sara.${stamp}@example.com`,
			company: 'Zagros Steel',
			mobile: '09351234567',
		});
		expect(env.sandbox.records('Leads')).toHaveLength(before + 1);
		const stored = env.sandbox.getRecord('Leads', created.id)!;
		expect(stored).toMatchObject({
			last_name: `Created${stamp}`,
			first_name: 'Sara',
			email1: `sara.${stamp}@example.com`,
			account_name: 'Zagros Steel',
			status: 'New',
		});
		expect((stored.numbers as Array<{ number: string }>).map((n) => n.number)).toEqual(['09351234567']);
		expect(created).toMatchObject({ id: stored.id, last_name: `Created${stamp}`, url: expect.stringContaining(String(stored.id)) });
		// only last_name is required: the defaults fill the rest
		const [minimal] = await ok('create_lead', { last_name: `Minimal${stamp}` });
		expect(env.sandbox.getRecord('Leads', minimal.id)).toMatchObject({ last_name: `Minimal${stamp}`, status: 'New' });
	});

	test('update_lead and update_contact: only the given fields change', async () => {
		const [updated] = await ok('update_lead', { lead_id: lead.id, fields: { status: 'In Process', title: 'CTO' } });
		expect(updated).toMatchObject({ id: lead.id, status: 'In Process', title: 'CTO' });
		expect(env.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({
			status: 'In Process',
			title: 'CTO',
			first_name: 'Mina',
			email1: `mina.${stamp}@example.com`,
		});
		await ok('update_contact', { contact_id: contact.id, fields: { title: 'Head of Purchasing', department: 'Procurement' } });
		expect(env.sandbox.getRecord('Contacts', String(contact.id))).toMatchObject({
			title: 'Head of Purchasing',
			department: 'Procurement',
			first_name: 'Kaveh',
		});
	});

	test('add_note and log_call: a note and a held call linked to the lead', async () => {
		const [note] = await ok('add_note', {
			subject: 'Asked for a quote',
			text: 'Wants 20 licences by Nowruz.',
			record_module: 'Leads',
			record_id: lead.id,
		});
		expect(env.sandbox.getRecord('Notes', note.id)).toMatchObject({
			name: 'Asked for a quote',
			description: 'Wants 20 licences by Nowruz.',
			parent_type: 'Leads',
			parent_id: lead.id,
		});
		const [loggedCall] = await ok('log_call', {
			subject: 'Intro call',
			summary: 'Discussed pricing.',
			direction: 'Inbound',
			started_at: '2024-03-20T10:30:00+03:30',
			duration_minutes: 12,
			record_module: 'Leads',
			record_id: lead.id,
		});
		expect(env.sandbox.getRecord('Calls', loggedCall.id)).toMatchObject({
			name: 'Intro call',
			direction: 'Inbound',
			status: 'Held',
			duration_minutes: expect.anything(),
			parent_type: 'Leads',
			parent_id: lead.id,
		});
		expect(String(env.sandbox.getRecord('Calls', loggedCall.id)!.duration_minutes)).toBe('12');
	});

	test('list_lead_fields and list_contact_fields: API names, types, required flags and enum options', async () => {
		const fields = await ok('list_lead_fields', {});
		expect(fields).toContainEqual(expect.objectContaining({ name: 'last_name', required: true }));
		const status = fields.find((f) => f.name === 'status')!;
		expect(status.type).toBe('enum');
		expect(JSON.stringify(status.options)).toContain('In Process');
		// custom fields of the instance are listed too
		expect(fields.map((f) => f.name)).toContainEqual(expect.stringMatching(/_national_code_c$/));
		const contactFields = await ok('list_contact_fields', {});
		expect(contactFields.map((f) => f.name)).toEqual(expect.arrayContaining(['first_name', 'last_name', 'title', 'department']));
	});
});

describe('bad arguments: a tool error with a useful message, nothing written, the server keeps answering', () => {
	let lead: Record<string, any>;
	beforeAll(() => {
		lead = env.sandbox.insert('Leads', { first_name: 'Bad', last_name: `Args${Date.now()}`, status: 'New' });
	});

	const cases: Array<[string, string, () => Record<string, unknown>, RegExp]> = [
		[
			'unknown field',
			'update_lead',
			() => ({ lead_id: lead.id, fields: { no_such_field: 'x' } }),
			/Field "no_such_field" does not exist in module Leads/,
		],
		[
			'wrong type in the arguments (number for a name)',
			'create_lead',
			() => ({ last_name: 42 }),
			/did not match expected schema[\s\S]*last_name/,
		],
		[
			'wrong type in the arguments (text for a number)',
			'log_call',
			() => ({
				subject: 'x',
				direction: 'Inbound',
				started_at: '2024-03-20T10:30:00Z',
				duration_minutes: 'ten',
				record_module: 'Leads',
				record_id: lead.id,
			}),
			/did not match expected schema[\s\S]*duration_minutes/,
		],
		[
			'fields not an object',
			'update_lead',
			() => ({ lead_id: lead.id, fields: 'status=Dead' }),
			/did not match expected schema[\s\S]*fields/,
		],
		[
			'a value that does not fit the field (enum)',
			'update_lead',
			() => ({ lead_id: lead.id, fields: { status: 'Bogus' } }),
			/status[\s\S]*does not accept "Bogus"/,
		],
		[
			'a value that does not fit the field (number)',
			'update_lead',
			() => ({ lead_id: lead.id, fields: { opportunity_amount: 'lots' } }),
			/opportunity_amount[\s\S]*expects a number/,
		],
		[
			'a date that is not ISO 8601',
			'log_call',
			() => ({
				subject: 'x',
				direction: 'Inbound',
				started_at: 'next Tuesday',
				duration_minutes: 5,
				record_module: 'Leads',
				record_id: lead.id,
			}),
			/expects a date in ISO 8601/,
		],
		[
			'a Jalali date with the default calendar',
			'log_call',
			() => ({
				subject: 'x',
				direction: 'Inbound',
				started_at: '1403/01/01',
				duration_minutes: 5,
				record_module: 'Leads',
				record_id: lead.id,
			}),
			/looks like a Jalali .*Dates Typed In/s,
		],
		['missing id', 'get_lead', () => ({}), /did not match expected schema[\s\S]*lead_id/],
		['missing id on update', 'update_lead', () => ({ fields: { title: 'CEO' } }), /did not match expected schema[\s\S]*lead_id/],
		['empty id', 'get_lead', () => ({ lead_id: '' }), /Record ID is empty/],
		['an id that is not a SarvCRM ID', 'get_lead', () => ({ lead_id: "x' OR '1'='1" }), /is not a SarvCRM ID/],
		['an id that does not exist (get)', 'get_lead', () => ({ lead_id: 'does-not-exist-0001' }), /deleted or does not exist/],
		[
			'an id that does not exist (update)',
			'update_lead',
			() => ({ lead_id: 'does-not-exist-0002', fields: { title: 'CEO' } }),
			/deleted or does not exist/,
		],
		['missing required value', 'create_lead', () => ({ last_name: '' }), /Required field[\s\S]*last_name/],
		[
			'unknown module for a note',
			'add_note',
			() => ({ subject: 'x', text: 'y', record_module: 'Spaceships', record_id: lead.id }),
			/parent_type[\s\S]*does not accept "Spaceships"/,
		],
	];

	test.each(cases)('%s (%s)', async (_what, tool, args, message) => {
		const before = snapshot();
		const reply = await call(tool, args());
		expect({ isError: reply.isError, text: reply.text }).toEqual({ isError: true, text: expect.stringMatching(message) });
		expect(snapshot()).toBe(before);
	});

	test('after all of these the same session still answers, and n8n is running', async () => {
		const [got] = await ok('get_lead', { lead_id: lead.id });
		expect(got.id).toBe(lead.id);
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
	});
});

describe('reply sizes: Simplified (the example) vs Raw (Simplify off)', () => {
	test('typical replies cost fewer bytes simplified; the figures go to test-results/mcp-reply-sizes.json', async () => {
		const seeded = env.sandbox.records('Leads');
		// the most common seeded last name: a search that finds several leads
		const counts = new Map<string, number>();
		for (const r of seeded) counts.set(String(r.last_name), (counts.get(String(r.last_name)) ?? 0) + 1);
		const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
		const phoneOwner = env.sandbox.records('Contacts').find((r) => Array.isArray(r.numbers) && (r.numbers as unknown[]).length)!;
		const measure = async (tool: string, args: Record<string, unknown>) => {
			const simplified = await call(tool, args);
			const rawReply = await call(tool, args, raw);
			expect({ tool, simplified: simplified.isError, raw: rawReply.isError }).toEqual({ tool, simplified: false, raw: false });
			return { tool, items: (simplified.json as unknown[]).length, simplifiedBytes: simplified.bytes, rawBytes: rawReply.bytes };
		};
		const rows = [
			await measure('get_lead', { lead_id: seeded[0].id }),
			await measure('get_contact', { contact_id: phoneOwner.id }),
			await measure('find_leads', { search: common }),
			await measure('find_by_phone', { phone: String((phoneOwner.numbers as Array<{ number: string }>)[0].number) }),
			await measure('list_lead_fields', {}),
		];
		expect(rows.find((r) => r.tool === 'find_leads')!.items).toBeGreaterThan(1);
		for (const row of rows.filter((r) => ['get_lead', 'get_contact', 'find_leads'].includes(r.tool))) {
			expect({ tool: row.tool, smaller: row.simplifiedBytes < row.rawBytes }).toEqual({ tool: row.tool, smaller: true });
		}
		mkdirSync(join(SIZES_FILE, '..'), { recursive: true });
		writeFileSync(SIZES_FILE, JSON.stringify({ n8n: env.f.version, rows }, null, 2) + '\n');
		process.stdout.write(
			`[mcp] reply sizes (n8n ${env.f.version}):\n${rows.map((r) => `  ${r.tool}: ${r.items} item(s), ${r.simplifiedBytes} B simplified, ${r.rawBytes} B raw`).join('\n')}\n`,
		);
	});
});

describe('the SSE transport on the same URL', () => {
	test('an SSE client lists the same tools and calls one', async () => {
		const sse = await connectMcp(`${server.url}/mcp/${MCP_PATH}`, 'sse');
		try {
			const names = (await sse.listTools()).map((t) => t.name).sort();
			expect(names).toEqual((await mcp.listTools()).map((t) => t.name).sort());
			const lead = env.sandbox.records('Leads')[1];
			const reply = await call('get_lead', { lead_id: lead.id }, sse);
			expect(reply.isError).toBe(false);
			expect((reply.json as Array<{ id: string }>)[0].id).toBe(lead.id);
		} finally {
			await sse.close();
		}
	});
});

describe('secrets', () => {
	test('no reply carries the password or its MD5', () => {
		const md5 = createHash('md5').update(PASSWORD).digest('hex');
		expect(replies.length).toBeGreaterThan(20);
		for (const reply of replies) {
			expect(reply.text).not.toContain(PASSWORD);
			expect(reply.text.toLowerCase()).not.toContain(md5);
		}
	});
});
