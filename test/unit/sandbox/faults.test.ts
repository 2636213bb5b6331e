import { SarvCrmSandbox } from '../../sandbox';
import { client, request, startSandbox, token } from './helpers';

describe('faults, latency, log and admin endpoints', () => {
	let sb: SarvCrmSandbox;
	let call: ReturnType<typeof client>;
	beforeAll(async () => {
		sb = await startSandbox();
		call = client(sb, await token(sb));
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.clearLog());

	it('status: replies the given status, body and headers, then recovers', async () => {
		sb.failNext(2, { type: 'status', status: 503, headers: { 'Retry-After': '1' } });
		const res = await fetch(`${sb.url}?method=Retrieve&module=Leads`);
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('1');
		expect(await res.json()).toMatchObject({ status: 503 });
		const custom = await call('Retrieve', { module: 'Leads' });
		expect(custom.status).toBe(503);
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(200);
		sb.failNext(1, { type: 'status', status: 429, body: { status: 429, message: 'Too many' } });
		expect((await call('GetModuleFields', { module: 'Leads' })).json).toEqual({ status: 429, message: 'Too many' });
	});

	it('onlyMethod: only calls of that method fail', async () => {
		sb.failNext(1, { type: 'status', status: 500 }, 'Save');
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(200);
		expect((await call('Save', { module: 'Accounts' }, { body: { name: 'x' } })).status).toBe(500);
		expect((await call('Save', { module: 'Accounts' }, { body: { name: 'x' } })).status).toBe(201);
	});

	it('drop: the socket closes without a reply', async () => {
		sb.failNext(1, { type: 'drop' });
		await expect(call('Retrieve', { module: 'Leads' })).rejects.toThrow();
		expect(sb.log[sb.log.length - 1].status).toBe(0);
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(200);
	});

	it('nonJson, empty, html and mysqlError bodies', async () => {
		sb.failNext(1, { type: 'nonJson' });
		const nj = await call('Retrieve', { module: 'Leads' });
		expect([nj.status, nj.json]).toEqual([200, undefined]);
		expect(nj.contentType).toMatch(/json/);
		sb.failNext(1, { type: 'nonJson', body: 'oops' });
		expect((await call('Retrieve', { module: 'Leads' })).text).toBe('oops');
		sb.failNext(1, { type: 'empty' });
		const empty = await call('Retrieve', { module: 'Leads' });
		expect([empty.status, empty.text]).toEqual([200, '']);
		sb.failNext(1, { type: 'empty', status: 204 });
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(204);
		sb.failNext(1, { type: 'html' });
		const html = await call('Retrieve', { module: 'Leads' });
		expect(html.status).toBe(502);
		expect(html.contentType).toMatch(/text\/html/);
		expect(html.text).toContain('<html>');
		sb.failNext(1, { type: 'html', status: 504 });
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(504);
		sb.failNext(1, { type: 'mysqlError' });
		const my = await call('Retrieve', { module: 'Leads' });
		expect([my.status, my.text.startsWith('MySQL Error')]).toEqual([200, true]);
	});

	it('delay: the call is answered normally, later', async () => {
		sb.failNext(1, { type: 'delay', ms: 200 });
		const t0 = Date.now();
		const r = await call('Retrieve', { module: 'Leads' }, { body: { limit: 1 } });
		expect(r.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
		expect(sb.log[sb.log.length - 1].durationMs).toBeGreaterThanOrEqual(190);
	});

	it('latency applies to every call and in-flight concurrency is tracked', async () => {
		sb.setLatency(100);
		const t0 = Date.now();
		await Promise.all(Array.from({ length: 5 }, () => call('Retrieve', { module: 'Leads' }, { body: { limit: 1 } })));
		expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
		expect(Date.now() - t0).toBeLessThan(450);
		expect(sb.maxInFlight).toBe(5);
		sb.setLatency(0);
		sb.clearLog();
		await call('Retrieve', { module: 'Leads' });
		expect(sb.maxInFlight).toBe(1);
	});

	it('logs each call with its method, module, id, status and auth', async () => {
		const id = sb.records('Accounts')[0].id as string;
		await call('Retrieve', { module: 'Accounts', id });
		await request(sb, 'Retrieve', { module: 'Accounts' });
		expect(sb.calls()).toBe(2);
		expect(sb.calls('Retrieve')).toBe(2);
		expect(sb.calls('Login')).toBe(0);
		expect(sb.log[0]).toMatchObject({
			seq: expect.any(Number),
			httpMethod: 'GET',
			method: 'Retrieve',
			module: 'Accounts',
			id,
			status: 200,
			authorized: true,
		});
		expect(sb.log[0].params).toMatchObject({ method: 'Retrieve', module: 'Accounts', id });
		expect(sb.log[1]).toMatchObject({ status: 401, authorized: false });
		expect(new Date(sb.log[0].at).toString()).not.toBe('Invalid Date');
	});

	it('serves the admin endpoints for other processes', async () => {
		const admin = sb.url.replace('/API.php', '/__sandbox');
		const post = (path: string, body: unknown = {}) =>
			fetch(`${admin}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
				(r) => r.json() as Promise<any>,
			);
		await call('Retrieve', { module: 'Leads' });
		const state: any = await fetch(`${admin}/state`).then((r) => r.json());
		expect(state).toMatchObject({ utype: 'demo', url: sb.url, pageCap: 300 });
		expect(state.records.Leads).toBeGreaterThan(0);
		const counts: any = await fetch(`${admin}/counts`).then((r) => r.json());
		expect(counts.byMethod.Retrieve).toBe(1);
		expect(await fetch(`${admin}/log`).then((r) => r.json())).toHaveLength(1);

		await post('fail-next', { count: 1, fault: { type: 'status', status: 500 }, onlyMethod: 'Retrieve' });
		expect((await call('Retrieve', { module: 'Leads' })).status).toBe(500);
		await post('latency', { ms: 50 });
		const t0 = Date.now();
		await call('Retrieve', { module: 'Leads' });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
		await post('latency', { ms: 0 });

		const tok = await token(sb);
		await post('expire-tokens');
		expect((await client(sb, tok)('Retrieve', { module: 'Leads' })).status).toBe(401);

		await post('reset', { seed: false });
		expect(sb.records('Leads')).toHaveLength(0);
		await post('reset', {});
		expect(sb.records('Leads')).toHaveLength(30);
		const inserted = await post('insert', { module: 'Notes', record: { name: 'via admin' } });
		expect(sb.getRecord('Notes', inserted.id)).toMatchObject({ name: 'via admin' });
		const bulk = await post('insert', { module: 'Notes', records: [{ name: 'bulk 1' }, { name: 'bulk 2' }] });
		expect(bulk.ids).toHaveLength(2);
		expect(sb.getRecord('Notes', bulk.ids[1])).toMatchObject({ name: 'bulk 2' });
		// Admin calls are not API traffic: not logged, not counted in flight.
		sb.clearLog();
		await fetch(`${admin}/counts`);
		expect([sb.calls(), sb.maxInFlight]).toEqual([0, 0]);
		const bad = await fetch(`${admin}/nope`);
		expect(bad.status).toBe(404);
		call = client(sb, await token(sb));
	});

	it('stop() closes keep-alive sockets and in-flight requests', async () => {
		const other = new SarvCrmSandbox({ port: 0, seed: false, latencyMs: 2000 });
		await other.start();
		const pending = fetch(`${other.url}?method=Retrieve&module=Leads`).catch((e) => e);
		await new Promise((r) => setTimeout(r, 50));
		const t0 = Date.now();
		await other.stop();
		expect(Date.now() - t0).toBeLessThan(1000);
		expect(String(await pending)).toMatch(/fetch failed|Error/);
	});
});
