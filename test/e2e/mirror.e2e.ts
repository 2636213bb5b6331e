/**
 * examples/mirror-leads.json in a started n8n: SarvCRM Trigger (Any Change) → If deleted → an n8n
 * Data Table (upsert on created/updated, delete on deleted). 20 Leads created, 5 updated, 3
 * deleted, with a poll that fails in the middle: the table ends holding exactly the 17 live Leads
 * with their current values. A fresh user folder and its own ports (E2E_MIRROR_PORT, 6150 and the
 * task broker's 6151 by default).
 */
import { createEnv, n8n, type E2eEnv, type Server, type Workflow } from './helpers';

const PORT = Number(process.env.E2E_MIRROR_PORT || 6150);
const EXAMPLE = 'mirror-leads.json';
const TABLE = 'sarvcrm_leads';
const COLUMNS = ['sarv_id', 'first_name', 'last_name', 'status', 'email', 'modified'];

let env: E2eEnv;
let server: Server | undefined;
let api: (path: string, init?: RequestInit) => Promise<any>;
let projectId = '';
let tableId = '';

function sleep(ms: number) {
	return new Promise((r) => setTimeout(r, ms));
}

async function waitFor<T>(
	check: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const value = await check();
		if (value) return value;
		await sleep(1000);
	}
	throw new Error(`timed out waiting for ${what}\n${server?.logs().slice(-4000)}`);
}

async function start(): Promise<void> {
	server = n8n.startServer(env.f, env.userFolder, { port: PORT });
	await server.ready;
	await n8n.setupOwner(server.url);
	({ api } = await n8n.login(server.url));
}

async function stop(): Promise<void> {
	await server?.stop();
	server = undefined;
}

type Row = Record<string, unknown>;
async function rows(): Promise<Row[]> {
	const body = await api(`/rest/projects/${projectId}/data-tables/${tableId}/rows?take=200`);
	return (body.data?.data ?? []) as Row[];
}

/** The table's user columns, sorted by SarvCRM id: what the mirror should equal. */
const mirrorOf = (list: Row[]) =>
	list
		.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? null])))
		.sort((a, b) => String(a.sarv_id).localeCompare(String(b.sarv_id)));

/** The live Leads as SarvCRM has them now, in the table's columns. */
function expectedMirror(ids: string[]): Row[] {
	const live = env.sandbox.records('Leads').filter((r) => ids.includes(String(r.id)));
	return mirrorOf(
		live.map((r) => ({
			sarv_id: r.id,
			first_name: r.first_name,
			last_name: r.last_name,
			status: r.status,
			email: r.email1,
			modified: r.date_modified,
		})),
	);
}

beforeAll(async () => {
	env = await createEnv('mirror');
	// The trigger proves at activation that service2 lists deleted rows: one deleted Lead exists.
	const old = String(env.sandbox.insert('Leads', { last_name: 'Deleted before activation', status: 'New' }).id);
	env.sandbox.remove('Leads', old);

	// The data table lives in the owner's project; the workflow (imported by the CLI) too.
	await start();
	projectId = String((await api('/rest/projects/personal')).data.id);
	const created = await api(`/rest/projects/${projectId}/data-tables`, {
		method: 'POST',
		body: JSON.stringify({ name: TABLE, columns: COLUMNS.map((name) => ({ name, type: 'string' })) }),
	});
	tableId = String(created.data.id);
	await stop();

	const example = n8n.readExamples().find((e) => e.file === EXAMPLE)!.workflow as Workflow;
	const workflow = JSON.parse(JSON.stringify(example)) as Workflow;
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.dataTable') node.parameters.dataTableId = { __rl: true, mode: 'id', value: tableId };
		// Three polls a minute (n8n allows nothing below a minute per entry): the suite waits less.
		if (node.parameters.pollTimes) {
			node.parameters.pollTimes = { item: [0, 20, 40].map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })) };
		}
	}
	await env.importAll([workflow]);
	await n8n.activateWorkflows(env.f, env.userFolder, [workflow.id]);
	await start();
	// The activation poll read both streams (the deleted one through service2).
	await waitFor(
		() => env.sandbox.log.some((e) => e.method === 'service2.get_entry_list' && e.module === 'Leads' && e.status === 200),
		120_000,
		'the activation poll',
	);
	await sleep(1500);
});

afterAll(async () => {
	await stop();
	await env?.close();
});

test('20 created, 5 updated, 3 deleted, one poll failed: the table holds exactly the 17 live Leads, current values', async () => {
	const ids = Array.from({ length: 20 }, (_, i) =>
		String(
			env.sandbox.insert('Leads', {
				first_name: `Mirror${i}`,
				last_name: `Lead ${String(i).padStart(2, '0')}`,
				status: 'New',
				email1: `mirror${i}@example.com`,
			}).id,
		),
	);
	await waitFor(async () => (await rows()).length === 20, 180_000, '20 rows in the mirror');
	expect(mirrorOf(await rows())).toEqual(expectedMirror(ids));

	env.sandbox.advanceClock(1000);
	const updated = ids.slice(0, 5);
	for (const id of updated)
		env.sandbox.update('Leads', id, {
			status: 'Assigned',
			last_name: `${String(env.sandbox.getRecord('Leads', id)?.last_name)} (updated)`,
		});
	// The next poll fails on the deleted rows' listing, after its live listing succeeded: nothing
	// of it may be delivered or remembered; the poll after it delivers all.
	const failuresBefore = env.sandbox.log.filter((e) => e.method === 'service2.get_entry_list' && e.status === 503).length;
	env.sandbox.failNext(
		1,
		{ type: 'status', status: 503, body: { status: 503, message: 'Service Unavailable' } },
		'service2.get_entry_list',
	);
	const deleted = ids.slice(10, 13);
	for (const id of deleted) env.sandbox.remove('Leads', id);

	await waitFor(
		() => env.sandbox.log.filter((e) => e.method === 'service2.get_entry_list' && e.status === 503).length > failuresBefore,
		120_000,
		'the failed poll',
	);
	const live = ids.filter((id) => !deleted.includes(id));
	const expected = expectedMirror(live);
	expect(expected).toHaveLength(17);
	await waitFor(
		async () => JSON.stringify(mirrorOf(await rows())) === JSON.stringify(expected),
		180_000,
		'the 17 live Leads in the mirror',
	);
	const final = await rows();
	expect(mirrorOf(final)).toEqual(expected);
	expect(final).toHaveLength(17);
	expect(
		final
			.filter((r) => r.status === 'Assigned')
			.map((r) => r.sarv_id)
			.sort(),
	).toEqual([...updated].sort());

	// Later polls change nothing: each event was applied once.
	await sleep(25_000);
	expect(mirrorOf(await rows())).toEqual(expected);
});
