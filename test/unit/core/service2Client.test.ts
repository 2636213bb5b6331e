/**
 * The service2 client against the sandbox over HTTP 127.0.0.1, with a plain fetch requester, under
 * each value of the sandbox's `service2` switch. Each test has its own sandbox (its own address),
 * since the client remembers sessions and encodings process-wide, per credential and server.
 */
import { randomBytes } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { fetchRequester } from '../../../scripts/probe/requester';
import { SarvApiError, SarvInputError } from '../../../nodes/core/errors';
import { md5Hex } from '../../../nodes/core/login';
import { Service2Client, type Service2Credentials } from '../../../nodes/core/service2/client';
import { SERVICE2_METHOD_NAMES } from '../../../nodes/core/service2/protocol';
import { SarvCrmSandbox, type SandboxProfile, type SandboxUser } from '../../sandbox';

const PASSWORD = 'sarv-demo';
let sb: SarvCrmSandbox;
/** Request bodies the client sent, to find the session ids it used. */
let sent: string[];
const requester = () => {
	const inner = fetchRequester();
	return async (options: IHttpRequestOptions) => {
		sent.push(String(options.body ?? ''));
		return await inner(options);
	};
};

async function start(service2: SandboxProfile['service2'], users?: SandboxUser[]): Promise<Service2Credentials> {
	sb = new SarvCrmSandbox({ port: 0, profile: { service2 }, users });
	const baseUrl = await sb.start();
	sent = [];
	return { baseUrl, utype: sb.utype, username: 'admin', password: PASSWORD };
}
afterEach(() => sb.stop());

const s2 = () => sb.log.filter((e) => e.method.startsWith('service2.'));
const logins = () => s2().filter((e) => e.method === 'service2.login');
const encodingsSent = () => s2().map((e) => (e.body as { encoding: string }).encoding);
const noteId = () => String(sb.insert('Notes', { name: 'A note' }).id);

async function failure(promise: Promise<unknown>): Promise<SarvApiError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(SarvApiError);
	return error as SarvApiError;
}

/** No password, MD5 or session id in what an error shows. */
function expectNoSecret(error: unknown, { sessionSent = true } = {}) {
	const sessions = sent.flatMap((b) => [...b.matchAll(/"session":"([0-9a-f]{26})"|%5B%22([0-9a-f]{26})%22/g)].map((m) => m[1] ?? m[2]));
	// The check is only real when the calls carried a session.
	expect(sessions.length > 0).toBe(sessionSent);
	const e = error as SarvApiError;
	const shown = [e.message, e.description ?? '', JSON.stringify(e.failure), String(e.stack)].join('\n');
	for (const secret of [PASSWORD, md5Hex(PASSWORD), ...sessions]) expect(shown).not.toContain(secret);
}

describe.each(['json', 'form', 'both'] as const)('service2=%s', (profile) => {
	/** The first login tries the JSON body; a form-only server does not read it, so a second one follows. */
	const firstTries = profile === 'form' ? 2 : 1;
	const expected = profile === 'form' ? 'form' : 'json';

	it('N concurrent calls share one login; the encoding is found once for the server', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		const counts = await Promise.all(Array.from({ length: 12 }, () => client.getEntriesCount('Leads')));
		expect(new Set(counts)).toEqual(new Set([sb.records('Leads').length]));
		expect(sb.service2.activeSessions).toBe(1);
		expect(logins()).toHaveLength(firstTries);
		expect(client.encoding).toBe(expected);
		// Another credential of the same server: its login goes straight in the known encoding.
		const other = new Service2Client(requester(), { ...creds, language: 'fa_IR' });
		await other.getEntriesCount('Leads');
		expect(logins()).toHaveLength(firstTries + 1);
		expect(encodingsSent().filter((e) => e !== expected)).toHaveLength(firstTries - 1);
	});

	it('the session is reused across clients (executions) of one credential', async () => {
		const creds = await start(profile);
		await new Service2Client(requester(), creds).getEntriesCount('Leads');
		await new Service2Client(requester(), creds).getEntriesCount('Contacts');
		expect(logins()).toHaveLength(firstTries);
	});

	it('an expired session (error 11 in an HTTP 200) costs one login for all concurrent callers', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		await client.login();
		sb.service2.expireSessions();
		sb.clearLog();
		const results = await Promise.all(Array.from({ length: 8 }, () => client.getEntriesCount('Accounts')));
		expect(results.every((n) => n === sb.records('Accounts').length)).toBe(true);
		expect(logins()).toHaveLength(1);
		expect(s2().filter((e) => e.method === 'service2.get_entries_count' && !e.authorized)).toHaveLength(8);
	});

	it('a note file and a document revision of 25 MB round-trip byte for byte', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		const bytes = randomBytes(25 * 1024 * 1024);
		const id = noteId();
		const lead = String(sb.records('Leads')[0].id);
		expect(
			await client.setNoteAttachment({ noteId: id, filename: 'scan.pdf', data: bytes, relatedModuleId: lead, relatedModuleName: 'Leads' }),
		).toEqual({ id });
		const note = await client.getNoteAttachment(id);
		expect(note).toMatchObject({ id, filename: 'scan.pdf', relatedModuleId: lead, relatedModuleName: 'Leads' });
		expect(note.data.equals(bytes)).toBe(true);
		expect(sb.getRecord('Notes', id)).toMatchObject({ filename: 'scan.pdf', file_mime_type: 'application/pdf' });

		const doc = String(sb.insert('Documents', { document_name: 'Contract' }).id);
		const { id: revisionId } = await client.setDocumentRevision({ documentId: doc, filename: 'contract.pdf', data: bytes, revision: '3' });
		const revision = await client.getDocumentRevision(revisionId);
		expect(revision).toMatchObject({ id: revisionId, documentName: 'Contract', revision: '3', filename: 'contract.pdf' });
		expect(revision.data.equals(bytes)).toBe(true);
		expect(sb.getRecord('Documents', doc)).toMatchObject({ document_revision_id: revisionId, filename: 'contract.pdf' });
	}, 60_000);

	it('a file over the upload limit is code 16 with its size; nothing is attached', async () => {
		const creds = await start(profile);
		sb.setProfile({ uploadLimit: 1000 });
		const id = noteId();
		const error = await failure(
			new Service2Client(requester(), creds).setNoteAttachment({ noteId: id, filename: 'big.bin', data: randomBytes(2000) }),
		);
		expect(error.failure).toMatchObject({ code: 16, kind: 'request', relogin: false });
		expect(error.message).toContain('File is Too Large');
		expect(error.message).toContain('the file has 2000 bytes');
		expect(error.site).toEqual({ module: 'Notes', recordId: id });
		expect(sb.getRecord('Notes', id)?.filename).toBeNull();
		expectNoSecret(error);
	});

	it('a missing file is code 21; a missing note or document is code 22', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		expect((await failure(client.getNoteAttachment(noteId()))).failure).toMatchObject({ code: 21, kind: 'notFound' });
		expect((await failure(client.getDocumentRevision('no-such-revision'))).failure).toMatchObject({ code: 21, kind: 'notFound' });
		const noNote = await failure(client.setNoteAttachment({ noteId: 'no-such-note', filename: 'a.txt', data: Buffer.from('hi') }));
		expect(noNote.failure).toMatchObject({ code: 22, kind: 'notFound' });
		const noDoc = await failure(client.setDocumentRevision({ documentId: 'no-such-doc', filename: 'a.txt', data: Buffer.from('hi') }));
		expect(noDoc.failure).toMatchObject({ code: 22, kind: 'notFound' });
		expectNoSecret(noDoc);
	});

	it('access denied (40) is not a session problem: no second login', async () => {
		const creds = await start(profile, [{ user_name: 'admin', password: PASSWORD, deniedModules: ['Notes'] }]);
		const error = await failure(new Service2Client(requester(), creds).getNoteAttachment(noteId()));
		expect(error.failure).toMatchObject({ code: 40, kind: 'access', relogin: false });
		expect(error.message).toBe('Access Denied: You do not have access');
		expect(error.site).toEqual({ module: 'Notes', recordId: expect.any(String) });
		expect(sb.service2.activeSessions).toBe(1);
	});

	it('a wrong password is a login failure (code 10) without the password, its hash or a retry loop', async () => {
		const creds = await start(profile);
		const error = await failure(new Service2Client(requester(), { ...creds, password: 'wrong-pass' }).getEntriesCount('Leads'));
		expect(error.failure).toMatchObject({ kind: 'login', code: 10, relogin: false });
		expect(error.message).toMatch(/service2 login failed/);
		expect(logins()).toHaveLength(firstTries);
		expect(JSON.stringify(error.failure)).not.toContain(md5Hex('wrong-pass'));
	});

	it('set_entries, get_entry_list and get_entries_count work on the v5 store', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		const ids = await client.setEntries('Leads', [
			{ last_name: 'Bulk A', status: 'Dead' },
			{ last_name: 'Bulk B', status: 'Dead' },
		]);
		expect(ids).toHaveLength(2);
		expect(sb.getRecord('Leads', ids[0])?.last_name).toBe('Bulk A');
		const dead = sb.records('Leads').filter((r) => r.status === 'Dead').length;
		expect(await client.getEntriesCount('Leads', "leads.status = 'Dead'")).toBe(dead);
		const list = await client.getEntryList('Leads', {
			query: "leads.last_name LIKE 'Bulk%'",
			orderBy: 'leads.last_name',
			selectFields: ['id', 'last_name'],
			maxResults: 10,
		});
		expect(list).toMatchObject({ resultCount: 2, totalCount: 2, nextOffset: 2 });
		expect(list.records).toEqual([
			{ id: ids[0], last_name: 'Bulk A' },
			{ id: ids[1], last_name: 'Bulk B' },
		]);
		const denied = await failure(client.getEntriesCount('NoSuchModule'));
		expect(denied.failure).toMatchObject({ code: 20, kind: 'notFound' });
	});

	it('methodExists tells the methods apart read-only: no session, nothing written', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		const before = JSON.stringify(sb.records('Notes'));
		for (const method of SERVICE2_METHOD_NAMES) expect(await client.methodExists(method)).toBe(true);
		expect(await client.methodExists('no_such_method')).toBe(false);
		expect(sb.service2.activeSessions).toBe(0);
		expect(s2().filter((e) => e.authorized)).toHaveLength(0);
		expect(JSON.stringify(sb.records('Notes'))).toBe(before);
	});

	it('logout ends the session; the next call logs in again', async () => {
		const creds = await start(profile);
		const client = new Service2Client(requester(), creds);
		await client.login();
		expect(client.hasSession).toBe(true);
		await client.logout();
		expect(sb.service2.activeSessions).toBe(0);
		expect(client.hasSession).toBe(false);
		await client.getEntriesCount('Leads');
		expect(sb.service2.activeSessions).toBe(1);
	});
});

describe('service2=absent', () => {
	it('every call fails with one clear error naming the address, the probe and the credential field', async () => {
		const creds = await start('absent');
		const client = new Service2Client(requester(), creds);
		const error = await failure(client.setNoteAttachment({ noteId: noteId(), filename: 'a.pdf', data: Buffer.from('x') }));
		const address = sb.url.replace(/API\.php$/, 'service2/v4_1/rest.php');
		expect(error.message).toBe(`SarvCRM has no service2 at ${address} (HTTP 404)`);
		expect(error.failure).toMatchObject({ kind: 'notFound', httpStatus: 404, relogin: false, retry: false });
		expect(error.description).toMatch(/npm run probe/);
		expect(error.description).toMatch(/Service2 URL field/);
		// One request: a 404 is the same for either encoding.
		expect(s2()).toHaveLength(1);
		await expect(client.methodExists('get_note_attachment')).rejects.toThrow(`SarvCRM has no service2 at ${address}`);
		expectNoSecret(error, { sessionSent: false });
	});

	it("the credential's Service2 URL is the address tried (and named)", async () => {
		const creds = await start('json');
		const elsewhere = sb.url.replace(/API\.php$/, 'legacy/rest.php');
		const error = await failure(new Service2Client(requester(), { ...creds, service2Url: elsewhere }).getEntriesCount('Leads'));
		expect(error.message).toBe(`SarvCRM has no service2 at ${elsewhere} (HTTP 404)`);
		const right = sb.url.replace(/API\.php$/, 'service2/v4_1/rest.php');
		expect(await new Service2Client(requester(), { ...creds, service2Url: right }).getEntriesCount('Leads')).toBe(
			sb.records('Leads').length,
		);
	});

	it('an address that is not a URL is bad credential input (SarvInputError naming the field) before any call', () => {
		const make = () =>
			new Service2Client(requester(), { baseUrl: 'https://x/API.php', utype: 'a', username: 'u', password: 'p', service2Url: 'nope' });
		expect(make).toThrow(SarvInputError);
		expect(make).toThrow(expect.objectContaining({ field: 'service2Url' }));
	});
});

describe('a server that changes or lacks something', () => {
	it('a remembered encoding the server no longer reads is found again, once, and the call goes through', async () => {
		const creds = await start('json');
		const client = new Service2Client(requester(), creds);
		await client.getEntriesCount('Leads');
		expect(client.encoding).toBe('json');
		sb.setProfile({ service2: 'form' });
		sb.clearLog();
		expect(await client.getEntriesCount('Leads')).toBe(sb.records('Leads').length);
		expect(client.encoding).toBe('form');
		// The refused call, an empty login in each encoding, the call again.
		expect(s2().map((e) => `${e.method}/${(e.body as { encoding: string }).encoding}`)).toEqual([
			'service2.get_entries_count/json',
			'service2.login/json',
			'service2.login/form',
			'service2.get_entries_count/form',
		]);
	});

	it('a method the server does not have is one clear error', async () => {
		const creds = await start('both');
		const client = new Service2Client(requester(), creds);
		await client.login();
		const invalidCall = {
			name: 'An Undefined Error - invalid_call occurred',
			number: '-1',
			description: 'There is no error definition for invalid_call',
		};
		sb.failNext(2, { type: 'status', status: 200, body: invalidCall }, 'service2.set_entries');
		const error = await failure(client.setEntries('Leads', [{ last_name: 'X' }]));
		expect(error.message).toMatch(/service2 at http:\/\/127\.0\.0\.1:\d+\/service2\/v4_1\/rest\.php has no method set_entries/);
		expect(error.description).toMatch(/npm run probe/);
	});

	it('an upload the server drops (HTTP 413, or PHP emptying a body above post_max_size) is code 16 with the size', async () => {
		const creds = await start('json');
		const client = new Service2Client(requester(), creds);
		await client.login();
		const data = randomBytes(5000);
		sb.failNext(1, { type: 'status', status: 413, body: '<html>413 Request Entity Too Large</html>' }, 'service2.set_note_attachment');
		const proxy = await failure(client.setNoteAttachment({ noteId: noteId(), filename: 'a.pdf', data }));
		expect(proxy.failure).toMatchObject({ code: 16, httpStatus: 413 });
		expect(proxy.message).toContain('(the file has 5000 bytes)');
		// What SuiteCRM prints for a request whose fields PHP dropped: no method, so its class.
		sb.failNext(
			2,
			{ type: 'status', status: 200, body: '<pre>Class [ <user> class SugarWebServiceImplv4_1 ] {}' },
			'service2.set_note_attachment',
		);
		const dropped = await failure(client.setNoteAttachment({ noteId: noteId(), filename: 'a.pdf', data }));
		expect(dropped.failure).toMatchObject({ code: 16 });
		expect(dropped.message).toMatch(/did not read the set_note_attachment call: the body was probably above the server's upload limit/);
		expect(dropped.message).toContain('(the file has 5000 bytes)');
	});
});
