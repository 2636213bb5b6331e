/**
 * Secrets: across the failure cases of this suite (faults, expiry, refused
 * logins, bad input, continue-on-fail items, credential-test failures) nothing a user or
 * a log can see holds the password, its MD5 or any token the sandbox issued. The Base URL
 * must be http(s), and the token only ever goes to the credential's host.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness } from '../../harness';
import { SarvCrmSandbox } from '../../sandbox/server';
import { createLead, dropAfterCommit, FAULT_CASES, getLead, md5, recordIssuedTokens, serialize, visibleText } from './helpers';

const PASSWORD = 'S3cr3t-Pa55!wörd';
const WRONG_PASSWORD = 'Wr0ng-Pa55-7731';
const ROTATED_PASSWORD = 'R0tated-Pa55-9102';
const SESSION_401_BODY = { status: 401, code: 11, message: 'The session ID is invalid.', data: [] };

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('reliability: secrets never leak', () => {
	let h: Harness;
	let issued: string[];
	let leadId: string;
	/** Everything a user or a log could see, gathered across the failure cases. */
	const seen: Array<{ label: string; text: string }> = [];
	const collect = (label: string, texts: Array<string | undefined>) =>
		texts.forEach((text) => seen.push({ label, text: String(text ?? '') }));

	beforeAll(async () => {
		h = await startHarness({
			sandbox: {
				users: [
					{ user_name: 'admin', password: PASSWORD },
					{ user_name: 'locked', password: PASSWORD, state: 'lockedOut' },
					{ user_name: 'expired', password: PASSWORD, state: 'passwordExpired' },
					{ user_name: 'busy', password: PASSWORD, maxSessions: 0 },
				],
			},
			credential: { password: PASSWORD },
		});
		issued = recordIssuedTokens(h.sandbox);
		leadId = String(h.sandbox.records('Leads')[0].id);
	});
	afterAll(async () => {
		await h.close();
	});

	const run = async (label: string, parameters: INodeParameters, items?: IDataObject[], settings = {}) => {
		const result = await h.runNode(parameters, items, settings);
		collect(label, visibleText(result));
		return result;
	};

	it('runs the failure cases (collecting what they show)', async () => {
		(await run('warm-up get', getLead(leadId))).assertSuccess();

		for (const c of FAULT_CASES) {
			h.sandbox.failNext(1, c.fault, 'Retrieve');
			expect((await run(`get: ${c.name}`, getLead(leadId))).status).toBe('error');
			h.sandbox.failNext(1, c.fault, 'Save');
			expect((await run(`create: ${c.name}`, createLead({ last_name: 'S', status: 'New' }))).status).toBe('error');
			// Get reads its items in one batched call: when it fails, every item carries the failure.
			h.sandbox.failNext(1, c.fault, 'Retrieve');
			const batch = await run(
				`continueOnFail: ${c.name}`,
				{ resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}', options: { maxParallel: 1 } },
				[{ id: leadId }, { id: leadId }, { id: leadId }],
				{ continueOnFail: true },
			);
			expect(batch.itemErrors()).toHaveLength(3);
		}

		h.sandbox.failNext(1, { type: 'mysqlError' }, 'Retrieve');
		expect((await run('mysql error', getLead(leadId))).status).toBe('error');

		dropAfterCommit(h.sandbox, 'Save');
		expect((await run('drop after commit', createLead({ last_name: 'S', status: 'New' }))).status).toBe('error');

		h.sandbox.failNext(1, { type: 'status', status: 200, body: SESSION_401_BODY }, 'Retrieve');
		await run('session error in a 200 body', getLead(leadId));

		h.sandbox.expireAllTokens();
		(await run('expired, refreshed', getLead(leadId))).assertSuccess();

		h.sandbox.expireAllTokens();
		h.sandbox.failNext(2, { type: 'status', status: 401, body: SESSION_401_BODY }, 'Retrieve');
		await run('expired twice', getLead(leadId));

		// Refused logins: wrong password, password rotated on the server after expiry, 1009, 1008, 60.
		const wrong = h.credentials.add({ password: WRONG_PASSWORD });
		expect((await run('wrong password', getLead(leadId), undefined, { credentialId: wrong })).status).toBe('error');
		const rotated = h.credentials.add({ password: PASSWORD });
		(await run('rotated: first', getLead(leadId), undefined, { credentialId: rotated })).assertSuccess();
		h.credentials.set({ ...h.credentials.get(rotated), password: ROTATED_PASSWORD }, rotated);
		h.sandbox.expireAllTokens();
		expect(
			(
				await run('rotated: refused', getLead(leadId), undefined, {
					credentialId: rotated,
					retryOnFail: true,
					maxTries: 2,
					waitBetweenTries: 10,
				})
			).status,
		).toBe('error');
		for (const username of ['locked', 'expired', 'busy']) {
			const id = h.credentials.add({ username, password: PASSWORD });
			expect((await run(`login ${username}`, getLead(leadId), undefined, { credentialId: id })).status).toBe('error');
		}

		// Bad input.
		expect((await run('unknown field', createLead({ last_name: 'S', status: 'New', nope: 1 }))).status).toBe('error');
		expect((await run('bad enum', createLead({ last_name: 'S', status: 'Nope' }))).status).toBe('error');
		expect((await run('bad id', getLead("x' OR 1=1"))).status).toBe('error');
		expect((await run('bad module', { resource: '={{ "Nope" }}', operation: 'get', recordId: leadId })).status).toBe('error');

		// The credential modal's Test button, failing in each way.
		for (const overrides of [
			{ password: WRONG_PASSWORD },
			{ utype: 'no-such-company' },
			{ username: 'locked' },
			{ baseUrl: h.url.replace(/API\.php$/, 'index.html') },
			{ baseUrl: 'ftp://127.0.0.1/API.php' },
			{ baseUrl: 'file:///etc/passwd' },
			{ baseUrl: 'not a url' },
			{},
		]) {
			const result = await h.testCredential(overrides);
			collect(`credential test ${JSON.stringify(overrides)}`, [result.message, serialize(result)]);
		}

		expect(seen.length).toBeGreaterThan(100);
		expect(issued.length).toBeGreaterThanOrEqual(4);
	});

	it('no collected text holds the password, its MD5 or any issued token', () => {
		const secrets = [
			PASSWORD,
			md5(PASSWORD),
			md5(PASSWORD).toUpperCase(),
			WRONG_PASSWORD,
			md5(WRONG_PASSWORD),
			ROTATED_PASSWORD,
			md5(ROTATED_PASSWORD),
			...issued,
			h.credentials.token(),
		].filter(Boolean);
		// Three passwords in three forms, and the tokens the sandbox issued (at least two).
		expect(secrets.length).toBeGreaterThanOrEqual(9);

		const leaks = seen.flatMap(({ label, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${label}: ${s.slice(0, 6)}…`));
		expect(leaks).toEqual([]);
	});

	it('the scanner itself finds a token where one is (the check can fail)', () => {
		const stored = serialize(h.credentials.get());
		expect(issued.some((t) => stored.includes(t))).toBe(true);
		expect(stored).toContain(PASSWORD);
	});

	it('the sandbox log holds no password and no token either (the login body is redacted, tokens travel in headers only)', () => {
		const log = serialize(h.sandbox.log);
		for (const s of [PASSWORD, WRONG_PASSWORD, ROTATED_PASSWORD, ...issued]) expect(log).not.toContain(s);
	});
});

describe('reliability: Base URL scheme and where the token goes', () => {
	let h: Harness;
	let leadId: string;

	beforeAll(async () => {
		h = await startHarness();
		leadId = String(h.sandbox.records('Leads')[0].id);
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(() => h.sandbox.clearLog());

	it.each([
		['file:///etc/passwd', 'file:'],
		['ftp://127.0.0.1/API.php', 'ftp:'],
		['javascript:alert(1)', 'javascript:'],
	])('the credential test refuses Base URL %s clearly, without any request', async (baseUrl, scheme) => {
		const result = await h.testCredential({ baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(`The Base URL must start with http:// or https:// (got "${scheme}")`);
		expect(h.sandbox.calls()).toBe(0);
	});

	it('a node run with an ftp: Base URL fails naming the scheme, without any request', async () => {
		const credentialId = h.credentials.add({ baseUrl: 'ftp://127.0.0.1/API.php' });
		const result = await h.runNode(getLead(leadId), [{}], { credentialId });
		expect(result.status).toBe('error');
		expect(`${result.error?.message} ${(result.error as { description?: string }).description ?? ''}`).toMatch(/http:\/\/ or https:\/\//);
		expect(h.sandbox.calls()).toBe(0);
	});

	it('URLs of another host inside record data are never followed: the foreign sandbox gets no call', async () => {
		const foreign = new SarvCrmSandbox({ port: 0, seed: false });
		const foreignUrl = await foreign.start();
		try {
			const link = `${foreignUrl}?method=Retrieve&module=Leads`;
			const created = await h.runNode(
				createLead(
					{ last_name: 'Linky', status: 'New', website: link, description: `see ${link} and ${foreign.adminUrl}/log` },
					{ returnFullRecord: true },
				),
			);
			created.assertSuccess();
			const id = String(created.json()[0].id);
			(await h.runNode(getLead(id))).assertSuccess();
			(
				await h.runNode({
					resource: 'Leads',
					operation: 'getAll',
					returnAll: true,
					filters: { conditions: [{ field: 'website', operator: 'contains', value: foreignUrl }] },
				})
			).assertSuccess();
			(
				await h.runNode({
					resource: 'Leads',
					operation: 'update',
					recordId: id,
					fieldsInput: 'list',
					fields: { field: [{ name: 'website', value: `${link}&x=1` }] },
				})
			).assertSuccess();

			expect(foreign.calls()).toBe(0);
			expect(foreign.log).toEqual([]);
			// All of it went to the credential's host, authorised with the token.
			expect(h.sandbox.log.filter((e) => !['Login', 'service2.login'].includes(e.method)).every((e) => e.authorized)).toBe(true);
			expect(h.sandbox.calls('Retrieve')).toBeGreaterThanOrEqual(3);
			// The record link the node adds points at the credential's host, not at a URL from the data.
			const got = await h.runNode(getLead(id));
			expect(String(got.json()[0].url)).toMatch(new RegExp(`^${h.url.replace(/\/API\.php$/, '').replace(/[.]/g, '\\.')}/index\\.php\\?`));
		} finally {
			await foreign.stop();
		}
	});

	// n8n-core re-adds Authorization on a cross-host redirect, so the node does not follow redirects.
	it('a redirect from the credential host to another host does not carry the token along', async () => {
		// The "foreign" host records the headers of anything it receives.
		const received: IncomingHttpHeaders[] = [];
		const catcher = createServer((req, res) => {
			received.push(req.headers);
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ status: 200, message: 'ok', data: [{ id: 'foreign', last_name: 'Foreign' }] }));
		});
		const catcherPort = await listen(catcher);
		// The credential's host: passes everything to the sandbox, except that Retrieve redirects away.
		const target = new URL(h.url);
		const front = createServer((req, res) => {
			if ((req.url ?? '').includes('method=Retrieve')) {
				res.writeHead(307, { Location: `http://127.0.0.1:${catcherPort}${req.url}` });
				res.end();
				return;
			}
			const upstream = httpRequest(
				{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
				(up) => {
					res.writeHead(up.statusCode ?? 502, up.headers);
					up.pipe(res);
				},
			);
			req.pipe(upstream);
		});
		const frontPort = await listen(front);
		try {
			const credentialId = h.credentials.add({ baseUrl: `http://127.0.0.1:${frontPort}/API.php` });
			const result = await h.runNode(getLead(leadId), [{}], { credentialId });
			const token = h.credentials.token(credentialId);
			expect(token).not.toBe('');
			// Whatever the outcome, no request to the other host carried the token.
			for (const headers of received) {
				expect(headers.authorization ?? '').not.toContain(token);
				expect(serialize(headers)).not.toContain(token);
			}
			expect(['success', 'error']).toContain(result.status);
		} finally {
			await close(front);
			await close(catcher);
		}
	});
});
