/**
 * Files through service2 in a started n8n: examples/webhook-file-to-note.json active, a 25 MB PDF
 * posted to its webhook (multipart) lands on a new note of the lead, and comes back byte for byte
 * through a download webhook; the same for a document revision; under the sandbox's `form` and
 * `json` service2 encodings, with n8n's `filesystem` and `database` binary data modes (one n8n
 * server each). Also: an expired service2 session costs one login, and a server without service2
 * fails the file operation with the clear error while Get Many goes on working.
 */
import { createCipheriv, createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

import { DEFAULT_PROFILE } from '../sandbox';
import { CRED_REF, createEnv, n8n, PKG, webhooksOf, type E2eEnv, type Server, type WfNode, type Workflow } from './helpers';

const BASE_PORT = Number(process.env.E2E_FILES_PORT || 5711);
const EXAMPLE = 'webhook-file-to-note.json';
const FILES_WF = 'e2eFilesWebhooks';
const MB = 1024 * 1024;
const SIZE = 25 * MB;
/** n8n's binary data modes covered: both n8n 1.123 and 2.x have `database` (1.x only when listed as available). */
const MODES = ['filesystem', 'database'] as const;

/** A deterministic PDF-looking file: `%PDF-1.4` header, AES-CTR keystream of the seed, `%%EOF`. */
function pdfBytes(size: number, seed: string): Buffer {
	const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
	const tail = Buffer.from('\n%%EOF\n', 'latin1');
	const key = createHash('sha256').update(seed).digest();
	const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
	const body = Buffer.concat([cipher.update(Buffer.alloc(size - head.length - tail.length)), cipher.final()]);
	return Buffer.concat([head, body, tail]);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Byte-for-byte: the length, then the digest (a jest diff of 25 MB buffers would be useless). */
function expectSameBytes(got: Buffer, want: Buffer) {
	expect(got.length).toBe(want.length);
	expect(sha256(got)).toBe(sha256(want));
	expect(got.equals(want)).toBe(true);
}

let counter = 0;
const node = (
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Partial<WfNode> = {},
): WfNode => ({
	id: `e2e-files-${++counter}`,
	name,
	type,
	typeVersion,
	position: [240 * (counter % 4), 200 * Math.floor(counter / 4)],
	parameters,
	...extra,
});
const webhook = (name: string, httpMethod: 'GET' | 'POST', path: string) =>
	node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod, path, responseMode: 'responseNode', options: {} },
		{ webhookId: `e2e-files-${path}` },
	);
const sarvNode = (name: string, parameters: Record<string, unknown>) =>
	node(name, `${PKG}.sarvCrm`, 1.1, parameters, { credentials: CRED_REF });
const respondJson = (name: string, body: string) =>
	node(name, 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'json', responseBody: body, options: {} });
const respondBinary = (name: string) => node(name, 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'binary', options: {} });

/**
 * The test's own webhooks, in one workflow (one activation): a note's file back (GET ?id=), a new
 * document from a posted file (POST), a new revision of a document (POST ?id=), a document's file
 * back (GET ?id=[&revision=]), and Leads Get Many (GET ?email=).
 */
function filesWorkflow(): Workflow {
	const chains: WfNode[][] = [
		[
			webhook('Note File Request', 'GET', 'e2e-note-file'),
			sarvNode('Download Note File', {
				resource: 'Notes',
				operation: 'downloadFile',
				recordId: '={{ $json.query.id }}',
				binaryPropertyName: 'data',
				options: {},
			}),
			respondBinary('Respond with the Note File'),
		],
		[
			webhook('New Document Upload', 'POST', 'e2e-document-new'),
			sarvNode('Upload to New Document', {
				resource: 'Documents',
				operation: 'uploadFile',
				fileTarget: 'new',
				title: '={{ $binary.file.fileName }}',
				binaryPropertyName: 'file',
				options: {},
			}),
			respondJson(
				'Respond with the Document',
				'={{ { id: $json.id, revisionId: $json.revisionId, revision: $json.revision, fileName: $json.fileName, fileSize: $json.fileSize } }}',
			),
		],
		[
			webhook('Revision Upload', 'POST', 'e2e-document-revision'),
			sarvNode('Upload New Revision', {
				resource: 'Documents',
				operation: 'uploadFile',
				fileTarget: 'existing',
				recordId: '={{ $json.query.id }}',
				binaryPropertyName: 'file',
				options: {},
			}),
			respondJson(
				'Respond with the Revision',
				'={{ { id: $json.id, revisionId: $json.revisionId, revision: $json.revision, fileName: $json.fileName, fileSize: $json.fileSize } }}',
			),
		],
		[
			webhook('Document File Request', 'GET', 'e2e-document-file'),
			sarvNode('Download Document File', {
				resource: 'Documents',
				operation: 'downloadFile',
				recordId: '={{ $json.query.id }}',
				binaryPropertyName: 'data',
				options: { revisionId: '={{ $json.query.revision ?? "" }}' },
			}),
			respondBinary('Respond with the Document File'),
		],
		[
			webhook('Leads Request', 'GET', 'e2e-leads'),
			sarvNode('Get Many Leads', {
				resource: 'Leads',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
				filters: { conditions: [{ field: 'email1', operator: 'equals', value: '={{ $json.query.email }}' }] },
				options: {},
			}),
			node('Respond with the Leads', 'n8n-nodes-base.respondToWebhook', 1.1, { respondWith: 'allIncomingItems', options: {} }),
		],
	];
	const connections: Workflow['connections'] = {};
	for (const c of chains)
		for (let i = 0; i + 1 < c.length; i++) connections[c[i].name] = { main: [[{ node: c[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id: FILES_WF,
		name: 'e2e Files: download and document webhooks',
		nodes: chains.flat(),
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function sleep(ms: number) {
	return new Promise((r) => setTimeout(r, ms));
}

/** Peak and current resident memory of a process (kB), from /proc. */
function memoryOf(pid: number): { hwmMb: number; rssMb: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
	return { hwmMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}

/** Files of at least `min` bytes under a folder (n8n's filesystem binary data). */
function bigFiles(dir: string, min: number): string[] {
	if (!existsSync(dir)) return [];
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true } as never) as unknown as Array<{
		name: string;
		parentPath?: string;
		path?: string;
		isFile(): boolean;
	}>) {
		if (!entry.isFile()) continue;
		const file = join(entry.parentPath ?? entry.path ?? dir, entry.name);
		if (statSync(file).size >= min) found.push(file);
	}
	return found;
}

interface Execution {
	id: string;
	status: string;
	runData: Record<string, any[]>;
}

describe.each(MODES)('binary data mode %s', (mode) => {
	const port = BASE_PORT + 2 * MODES.indexOf(mode);
	let env: E2eEnv;
	let server: Server;
	let api: (path: string, init?: RequestInit) => Promise<any>;
	const example = n8n.readExamples().find((e) => e.file === EXAMPLE)!.workflow;
	let lead: { id: string; email: string };
	const url = (path: string) => `${server.url}/webhook/${path}`;
	/** N8N_BINARY_DATA_STORAGE_PATH: n8n 1.x and 2.x default to different folders of the user folder */
	let storage = '';
	const s2 = (method: string) => env.sandbox.log.filter((e) => e.method === `service2.${method}`);

	/** The example's webhook: the file in the form field `file`, the lead's email in `email`. */
	async function postFile(path: string, file: Buffer, fileName: string, fields: Record<string, string> = {}) {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.append(k, v);
		form.append('file', new Blob([file], { type: 'application/pdf' }), fileName);
		const res = await fetch(url(path), { method: 'POST', body: form });
		const text = await res.text();
		let body: any = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: res.status, body };
	}

	async function getFile(path: string) {
		const res = await fetch(url(path));
		return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
	}

	/** The newest finished execution of a workflow, its data decoded (flatted). */
	async function lastExecution(workflowId: string, after = 0): Promise<Execution> {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { parse } = require(require.resolve('flatted', { paths: [join(env.f.dir, 'node_modules', 'n8n')] }));
		const until = Date.now() + 60000;
		while (Date.now() < until) {
			const list = await api(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
			const results: Array<{ id: string; status: string }> = list.data?.results ?? list.data ?? [];
			const done = results
				.filter((e) => Number(e.id) > after && ['success', 'error', 'crashed'].includes(e.status))
				.sort((a, b) => Number(b.id) - Number(a.id));
			if (done.length) {
				const full = await api(`/rest/executions/${done[0].id}`);
				const data = parse(full.data.data);
				return { id: done[0].id, status: done[0].status, runData: data.resultData.runData };
			}
			await sleep(500);
		}
		throw new Error(`no finished execution of ${workflowId}\n${server.logs().slice(-3000)}`);
	}

	async function newestExecutionId(workflowId: string): Promise<number> {
		const list = await api(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
		const results: Array<{ id: string }> = list.data?.results ?? list.data ?? [];
		return Math.max(0, ...results.map((e) => Number(e.id)));
	}

	beforeAll(async () => {
		env = await createEnv(`files-${mode}`);
		storage = join(env.userFolder, 'binary-data');
		const email = `files.${mode}@example.com`;
		lead = {
			id: String(env.sandbox.insert('Leads', { first_name: 'Fay', last_name: `Files ${mode}`, status: 'New', email1: email }).id),
			email,
		};
		const workflows = [example, filesWorkflow()];
		await env.importAll(workflows);
		await n8n.activateWorkflows(
			env.f,
			env.userFolder,
			workflows.map((wf) => wf.id),
		);
		server = n8n.startServer(env.f, env.userFolder, {
			port,
			env: {
				N8N_DEFAULT_BINARY_DATA_MODE: mode,
				// n8n 1.x sets the database mode up only when it is listed (2.x lists it by default)
				N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
				N8N_BINARY_DATA_STORAGE_PATH: storage,
			},
		});
		await server.ready;
		await n8n.waitForWebhooks(server.url, webhooksOf(workflows), { logs: server.logs });
		await n8n.setupOwner(server.url);
		({ api } = await n8n.login(server.url));
	});

	afterAll(async () => {
		await server?.stop();
		await env?.close();
	});

	afterEach(() => env.sandbox.setProfile({ ...DEFAULT_PROFILE }));

	// First, while this n8n has no service2 session yet: a server that never had service2.
	test('a server without service2: the file operation fails with the error naming the address and the probe; Get Many still works', async () => {
		env.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' });
		const notesBefore = env.sandbox.records('Notes').length;
		const before = await newestExecutionId(example.id);
		const since = env.sandbox.log.length;
		const res = await postFile('sarvcrm-file-note', pdfBytes(10_000, 'absent'), 'absent.pdf', { email: lead.email });
		// the example's error branch answers the poster without SarvCRM's details
		expect(res).toEqual({
			status: 502,
			body: { error: 'The file could not be stored in SarvCRM. The n8n execution log has the details.' },
		});
		// the details are in the execution: the Upload node's error output
		const run = await lastExecution(example.id, before);
		expect(run.status).toBe('success');
		const upload = run.runData['Attach File to New Note'][0].data.main;
		expect(upload[0] ?? []).toEqual([]);
		expect(upload[1]).toHaveLength(1);
		// n8n's error output keeps only the message in the item's JSON; the node's hint is in its error
		const failed = upload[1][0] as { json: { error: string }; error: { description?: string } };
		const text = `${failed.json.error} ${failed.error.description ?? ''}`;
		expect(text).toContain('/service2/v4_1/rest.php');
		expect(text).toMatch(/probe/);
		// nothing was created (the service2 login fails before the note is saved), and the v5 Get Many
		// in the same execution found the lead
		expect(env.sandbox.records('Notes')).toHaveLength(notesBefore);
		expect(env.sandbox.log.slice(since).filter((e) => e.method === 'Save')).toEqual([]);
		expect(s2('login').slice(-1)[0].status).toBe(404);
		expect(run.runData['Find Lead by Email'][0].data.main[0].map((i: { json: { id: string } }) => i.json.id)).toEqual([lead.id]);
		// and in another workflow, right after
		const leads = await fetch(url(`e2e-leads?email=${encodeURIComponent(lead.email)}`));
		expect(leads.status).toBe(200);
		const rows = (await leads.json()) as Array<{ id: string }> | { id: string };
		expect((Array.isArray(rows) ? rows : [rows]).map((r) => r.id)).toEqual([lead.id]);
		process.stderr.write(`[files e2e] n8n ${env.f.version} ${mode}: without service2 the node said: ${text.slice(0, 400)}\n`);
	});

	// Each encoding once as the first this n8n meets (filesystem: form first, database: json first)
	// and once after the other (the client finds the server's new encoding again).
	test.each(mode === 'filesystem' ? (['form', 'json'] as const) : (['json', 'form'] as const))(
		`${EXAMPLE}: a 25 MB PDF posted with the lead's email lands on a new note of the lead; a download webhook gives it back byte for byte (service2 %s)`,
		async (encoding) => {
			env.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: encoding });
			const pdf = pdfBytes(SIZE, `note-${mode}-${encoding}`);
			const fileName = `contract-${encoding}.pdf`;
			const notesBefore = env.sandbox.records('Notes').length;
			const memBefore = memoryOf(server.pid);
			const since = env.sandbox.log.length;
			const before = await newestExecutionId(example.id);

			const up = await postFile('sarvcrm-file-note', pdf, fileName, { email: lead.email });
			expect(up).toMatchObject({ status: 200, body: { fileName, fileSize: SIZE, mimeType: 'application/pdf' } });
			const noteId = String(up.body.noteId);
			expect(env.sandbox.records('Notes')).toHaveLength(notesBefore + 1);
			// the note is the lead's (v5 sees it, with its file)
			expect(env.sandbox.getRecord('Notes', noteId)).toMatchObject({
				name: fileName,
				parent_type: 'Leads',
				parent_id: lead.id,
				filename: fileName,
			});
			// the attachment went in the profile's encoding
			const attached = s2('set_note_attachment').slice(-1)[0];
			expect(env.sandbox.log.indexOf(attached)).toBeGreaterThanOrEqual(since);
			expect((attached.body as { encoding: string }).encoding).toBe(encoding);
			expect(attached.status).toBe(200);

			const down = await getFile(`e2e-note-file?id=${encodeURIComponent(noteId)}`);
			expect(down.status).toBe(200);
			expect(down.type).toMatch(/^application\/pdf/);
			expectSameBytes(down.bytes, pdf);
			expect((s2('get_note_attachment').slice(-1)[0].body as { encoding: string }).encoding).toBe(encoding);
			const memAfter = memoryOf(server.pid);
			process.stderr.write(
				`[files e2e] n8n ${env.f.version} ${mode} ${encoding}: n8n main process RSS ${memBefore.rssMb} → ${memAfter.rssMb} MB, peak ${memBefore.hwmMb} → ${memAfter.hwmMb} MB; ` +
					`service2 calls: ${env.sandbox.log
						.slice(since)
						.filter((e) => e.method.startsWith('service2.'))
						.map((e) => `${e.method.slice(9)}(${(e.body as { encoding?: string }).encoding})=${e.status}`)
						.join(', ')}\n`,
			);

			// the file went through n8n's binary data mode, by reference: the Upload node's input
			const run = await lastExecution(example.id, before);
			expect(run.status).toBe('success');
			const input = run.runData['Lead and File'][0].data.main[0][0];
			expect(input.json).toMatchObject({ id: lead.id, email1: lead.email });
			const binary = input.binary.file;
			expect(binary).toMatchObject({ fileName, mimeType: 'application/pdf' });
			expect(String(binary.id)).toMatch(new RegExp(`^${mode}`));
			expect(String(binary.data ?? '').length).toBeLessThan(100);
			const [, fileId] = /^[^:]+:(.+)$/.exec(String(binary.id))!;
			if (mode === 'filesystem') {
				// n8n's own copy of the posted file, beside the execution
				expectSameBytes(readFileSync(join(storage, fileId)), pdf);
			} else {
				// in the database (SQLite here), no file on disk
				expect(bigFiles(storage, SIZE)).toEqual([]);
				const dbBytes = readdirSync(join(env.userFolder, '.n8n'))
					.filter((n) => n.startsWith('database.sqlite'))
					.reduce((sum, n) => sum + statSync(join(env.userFolder, '.n8n', n)).size, 0);
				expect(dbBytes).toBeGreaterThan(SIZE);
			}
		},
	);

	test('a document revision: a 25 MB PDF to a new document, a second revision, then the latest and the first back byte for byte', async () => {
		const first = pdfBytes(SIZE, `document-${mode}-1`);
		const second = pdfBytes(2 * MB, `document-${mode}-2`);
		const created = await postFile('e2e-document-new', first, 'terms-v1.pdf');
		expect(created).toMatchObject({ status: 200, body: { revision: '1', fileName: 'terms-v1.pdf', fileSize: SIZE } });
		const docId = String(created.body.id);
		expect(env.sandbox.getRecord('Documents', docId)).toMatchObject({
			name: 'terms-v1.pdf',
			document_revision_id: created.body.revisionId,
		});

		const again = await postFile(`e2e-document-revision?id=${encodeURIComponent(docId)}`, second, 'terms-v2.pdf');
		expect(again).toMatchObject({ status: 200, body: { id: docId, revision: '2', fileName: 'terms-v2.pdf', fileSize: 2 * MB } });
		expect(env.sandbox.service2.revisionsOf(docId).map((r) => [r.revision, r.size])).toEqual([
			['1', SIZE],
			['2', 2 * MB],
		]);

		const latest = await getFile(`e2e-document-file?id=${encodeURIComponent(docId)}`);
		expect(latest.status).toBe(200);
		expectSameBytes(latest.bytes, second);
		const given = await getFile(
			`e2e-document-file?id=${encodeURIComponent(docId)}&revision=${encodeURIComponent(created.body.revisionId)}`,
		);
		expect(given.status).toBe(200);
		expect(given.type).toMatch(/^application\/pdf/);
		expectSameBytes(given.bytes, first);
	});

	test('a lead that is not there: the example answers 404 and makes no note', async () => {
		const notesBefore = env.sandbox.records('Notes').length;
		const res = await postFile('sarvcrm-file-note', pdfBytes(10_000, 'nobody'), 'nobody.pdf', { email: 'nobody@example.com' });
		expect(res.status).toBe(404);
		expect(res.body).toEqual({ error: 'No lead has the email nobody@example.com' });
		expect(env.sandbox.records('Notes')).toHaveLength(notesBefore);
	});

	test('an expired service2 session costs one login', async () => {
		const up = await postFile('sarvcrm-file-note', pdfBytes(50_000, `expiry-${mode}`), 'expiry.pdf', { email: lead.email });
		expect(up.status).toBe(200);
		const noteFile = `e2e-note-file?id=${encodeURIComponent(up.body.noteId)}`;
		const logins = () => s2('login').filter((e) => e.status === 200).length;
		const start = logins();
		expect((await getFile(noteFile)).status).toBe(200);
		expect(logins()).toBe(start); // the session is reused across executions
		env.sandbox.service2.expireSessions();
		const refusedBefore = s2('get_note_attachment').length;
		const afterExpiry = await getFile(noteFile);
		expect(afterExpiry.status).toBe(200);
		expect(afterExpiry.bytes.length).toBe(50_000);
		expect(logins()).toBe(start + 1);
		// the refused call (error 11), then the same call again with the new session
		expect(s2('get_note_attachment').length - refusedBefore).toBe(2);
		expect((await getFile(noteFile)).status).toBe(200);
		expect(logins()).toBe(start + 1);
	});

	test("n8n's body limits: the 25 MB file as base64 in a JSON body is refused (N8N_PAYLOAD_SIZE_MAX, 16 MiB), multipart takes it", async () => {
		const notesBefore = env.sandbox.records('Notes').length;
		const json = JSON.stringify({ email: lead.email, fileName: 'big.pdf', file: pdfBytes(SIZE, 'json-body').toString('base64') });
		const res = await fetch(url('sarvcrm-file-note'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json });
		const since = env.sandbox.log.length;
		const answer = (await res.text()).slice(0, 200);
		const logged = /request entity too large|PayloadTooLarge/i.exec(server.logs())?.[0] ?? 'nothing about the size';
		process.stderr.write(
			`[files e2e] n8n ${env.f.version} ${mode}: a ${Math.round(json.length / MB)} MB JSON body answered ${res.status} ${answer}; n8n logged ${logged}\n`,
		);
		expect(res.ok).toBe(false);
		// refused before the workflow ran: no call reached SarvCRM
		expect(env.sandbox.log.slice(since)).toEqual([]);
		expect(env.sandbox.records('Notes')).toHaveLength(notesBefore);
	});
});
