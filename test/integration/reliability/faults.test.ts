/**
 * Faults: every way the server or the network can fail a call, through n8n's
 * engine against the sandbox's fault switches. Each fault must give an error naming the
 * operation, module and record; n8n's Retry On Fail must recover; Continue On Fail must
 * let the other items through. Counts come from the sandbox log.
 */
import { startHarness, type Harness } from '../../harness';
import { createLead, dropAfterCommit, FAULT_CASES, getLead, methodsOf, runExpectingError, skipThenFail, type FaultCase } from './helpers';

describe('reliability: server and network faults', () => {
	let h: Harness;
	let leadIds: string[];

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => {
		await h.close();
	});
	beforeEach(() => {
		h.sandbox.reset();
		leadIds = h.sandbox.records('Leads').map((r) => String(r.id));
		h.sandbox.clearLog();
	});

	const retrieves = () => h.sandbox.log.filter((e) => e.method === 'Retrieve');

	describe.each(FAULT_CASES.map((c) => [c.name, c] as [string, FaultCase]))('%s', (_name, c) => {
		it('fails Get with an error naming operation, module and record; the node sends it once', async () => {
			h.sandbox.failNext(1, c.fault, 'Retrieve');

			const { result, message, description, error } = await runExpectingError(h, getLead(leadIds[0]));

			expect(error.name).toBe('NodeApiError');
			expect(message).toMatch(c.message);
			expect(description).toMatch(c.description);
			expect(description).toContain(`operation "get", module Leads, record ${leadIds[0]}`);
			// The node itself does not retry: one Retrieve, the faulty one.
			expect(retrieves()).toHaveLength(1);
			expect(result.json()).toEqual([]);
		});

		it('recovers with Retry On Fail (maxTries 2): two Retrieves, the record comes out once', async () => {
			h.sandbox.failNext(1, c.fault, 'Retrieve');

			const result = await h.runNode(getLead(leadIds[0]), [{}], { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 });

			result.assertSuccess();
			expect(result.json()).toEqual([expect.objectContaining({ id: leadIds[0] })]);
			expect(retrieves()).toHaveLength(2);
			expect(retrieves()[1].status).toBe(200);
		});

		it('with Continue On Fail only the failed item carries the error; the others go through', async () => {
			// Three items, one call each, one at a time: the 2nd Retrieve is the faulty one. (Get batches
			// its items into one call, so each item here is a Get Many by id.)
			skipThenFail(h.sandbox, 1, c.fault, 'Retrieve');
			const items = leadIds.slice(0, 3).map((id) => ({ id }));

			const result = await h.runNode(
				{
					resource: 'Leads',
					operation: 'getAll',
					limit: 1,
					filters: { conditions: [{ field: 'id', operator: 'equals', value: '={{ $json.id }}' }] },
					options: { maxParallel: 1 },
				},
				items,
				{ continueOnFail: true },
			);

			result.assertSuccess();
			const out = result.items();
			expect(out).toHaveLength(3);
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[0].json.id).toBe(leadIds[0]);
			expect(out[2].json.id).toBe(leadIds[2]);
			expect(out[1].json.id).toBeUndefined();
			expect(String(out[1].json.error)).toMatch(c.message);
			// n8n's "continue (regular output)" keeps only {error: message} in json; the rest is on item.error.
			expect(out[1].json).toEqual({ error: expect.stringMatching(c.message) });
			expect(out[1].error?.description).toContain('operation "getAll", module Leads');
			expect(out[1].error?.context).toEqual(expect.objectContaining({ itemIndex: 1 }));
			expect(result.itemErrors().map((e) => e.index)).toEqual([1]);
			expect(retrieves()).toHaveLength(3);
		});
	});

	// n8n's request helper drops the reply headers of a failed call; the hint then cannot say how long to wait.
	it('HTTP 429 with Retry-After: the description tells how long the server asks to wait', async () => {
		h.sandbox.failNext(1, { type: 'status', status: 429, headers: { 'Retry-After': '7' } }, 'Retrieve');
		const { description } = await runExpectingError(h, getLead(leadIds[0]));
		expect(description).toMatch(/wait 7 s/);
	});

	it('HTTP 429 persisting through every try: the error stays the rate-limit one, tries are bounded', async () => {
		h.sandbox.failNext(5, { type: 'status', status: 429 }, 'Retrieve');
		const result = await h.runNode(getLead(leadIds[0]), [{}], { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 });
		expect(result.status).toBe('error');
		expect((result.error as { description?: string }).description).toMatch(/rate limiting/);
		expect(retrieves()).toHaveLength(3);
	});

	it('a MySQL error page (text, HTTP 200) names the query problem and the record', async () => {
		h.sandbox.failNext(1, { type: 'mysqlError' }, 'Retrieve');
		const { message, description } = await runExpectingError(h, getLead(leadIds[0]));
		expect(message).toMatch(/^SarvCRM could not run the query: MySQL Error/);
		expect(description).toContain(`operation "get", module Leads, record ${leadIds[0]}`);
	});

	it('a fault on Save names operation "create" and module Leads (no record yet)', async () => {
		h.sandbox.failNext(1, { type: 'status', status: 503 }, 'Save');
		const { description } = await runExpectingError(h, createLead({ last_name: 'Fault-503', status: 'New' }));
		expect(description).toMatch(/HTTP 503; operation "create", module Leads\)$/);
		expect(h.sandbox.records('Leads').filter((r) => r.last_name === 'Fault-503')).toHaveLength(0);
	});

	it('a fault on Update names the record being updated', async () => {
		h.sandbox.failNext(1, { type: 'status', status: 500 }, 'Save');
		const { description } = await runExpectingError(h, {
			resource: 'Leads',
			operation: 'update',
			recordId: leadIds[3],
			fieldsInput: 'list',
			fields: { field: [{ name: 'description', value: 'x' }] },
		});
		expect(description).toContain(`operation "update", module Leads, record ${leadIds[3]}`);
	});

	describe('timeout', () => {
		// The node has no timeout option; n8n's request helper waits up to its axios default of
		// 300 s, out of reach here. What is testable: a slow reply is awaited, not cut short.
		it('a slow reply (1.2 s delay) is waited for and succeeds', async () => {
			h.sandbox.failNext(1, { type: 'delay', ms: 1200 }, 'Retrieve');
			const started = Date.now();
			const result = await h.runNode(getLead(leadIds[0]));
			result.assertSuccess();
			expect(result.json()[0].id).toBe(leadIds[0]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
			expect(retrieves()).toHaveLength(1);
			expect(retrieves()[0].durationMs).toBeGreaterThanOrEqual(1200);
		});
	});

	describe('Create after a dropped connection (SarvCRM has no idempotency key)', () => {
		const lead = (name: string) => createLead({ last_name: name, status: 'New' });
		const named = (name: string) => h.sandbox.records('Leads').filter((r) => r.last_name === name);

		it('the error tells the user the request may have reached SarvCRM and to use Create or Update', async () => {
			h.sandbox.failNext(1, { type: 'drop' }, 'Save');
			const { message, description } = await runExpectingError(h, lead('Drop-Hint'));
			expect(message).toBe('Could not reach SarvCRM');
			expect(description).toMatch(/may have reached SarvCRM/);
			expect(description).toMatch(/no idempotency key/);
			expect(description).toMatch(/"Create or Update"/);
			expect(description).toContain('operation "create", module Leads');
		});

		// The hint warns "check before retrying" but never says the retry can create a second record.
		it('the error says in words that retrying can create a duplicate', async () => {
			h.sandbox.failNext(1, { type: 'drop' }, 'Save');
			const { description } = await runExpectingError(h, lead('Drop-Dup-Word'));
			expect(description).toMatch(/duplicate/i);
		});

		it('dropped before the server handled it: Retry On Fail sends Save twice and creates one record', async () => {
			h.sandbox.failNext(1, { type: 'drop' }, 'Save');
			const result = await h.runNode(lead('Drop-Before'), [{}], { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 });
			result.assertSuccess();
			expect(h.sandbox.calls('Save')).toBe(2);
			expect(named('Drop-Before')).toHaveLength(1);
		});

		it('dropped after the server saved: without retry the user gets an error, yet the record exists', async () => {
			dropAfterCommit(h.sandbox, 'Save');
			const { description } = await runExpectingError(h, lead('Drop-After-NoRetry'));
			expect(description).toMatch(/"Create or Update"/);
			expect(h.sandbox.calls('Save')).toBe(1);
			expect(named('Drop-After-NoRetry')).toHaveLength(1);
		});

		it('dropped after the server saved: Retry On Fail on Create makes a DUPLICATE (documented)', async () => {
			dropAfterCommit(h.sandbox, 'Save');
			const result = await h.runNode(lead('Drop-After-Retry'), [{}], { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 });
			result.assertSuccess();
			expect(h.sandbox.calls('Save')).toBe(2);
			// Two records from one input item: why the README says to use Create or Update.
			expect(named('Drop-After-Retry')).toHaveLength(2);
		});

		it('the same failure with Create or Update (Upsert) and Retry On Fail ends with exactly one record', async () => {
			dropAfterCommit(h.sandbox, 'Save');
			const result = await h.runNode(
				{
					resource: 'Leads',
					operation: 'upsert',
					fieldsInput: 'list',
					matchFields: ['last_name'],
					fields: {
						field: [
							{ name: 'last_name', value: 'Drop-Upsert' },
							{ name: 'status', value: 'New' },
						],
					},
				},
				[{}],
				{ retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
			);
			result.assertSuccess();
			expect(result.json()).toEqual([expect.objectContaining({ upsertResult: 'updated' })]);
			expect(h.sandbox.calls('Save')).toBe(2);
			expect(named('Drop-Upsert')).toHaveLength(1);
			// First try: match (none) → create (dropped); second try: match (found; the short page is
			// confirmed once, this server's page size not being known yet) → update.
			expect(methodsOf(h.sandbox).filter((m) => m !== 'Login' && m !== 'GetModuleFields')).toEqual([
				'Retrieve',
				'Save',
				'Retrieve',
				'Retrieve',
				'Save',
			]);
		});
	});

	it('continue on fail in a Create batch, one Save per item: failed items are not saved, good ones are, each exactly once', async () => {
		skipThenFail(h.sandbox, 1, { type: 'status', status: 502 }, 'Save');
		const items = ['Batch-A', 'Batch-B', 'Batch-C'].map((last_name) => ({ last_name }));
		const result = await h.runNode(
			{
				resource: 'Leads',
				operation: 'create',
				fieldsInput: 'list',
				fields: {
					field: [
						{ name: 'last_name', value: '={{ $json.last_name }}' },
						{ name: 'status', value: 'New' },
					],
				},
				options: { maxParallel: 1, bulkWrite: false },
			},
			items,
			{ continueOnFail: true },
		);
		result.assertSuccess();
		expect(result.items().map((i) => [i.pairedItem, i.json.last_name ?? null, i.json.error ? 'error' : 'ok'])).toEqual([
			[{ item: 0 }, 'Batch-A', 'ok'],
			[{ item: 1 }, null, 'error'],
			[{ item: 2 }, 'Batch-C', 'ok'],
		]);
		expect(h.sandbox.calls('Save')).toBe(3);
		expect(h.sandbox.calls('GetModuleFields')).toBe(1);
		const names = h.sandbox.records('Leads').map((r) => r.last_name);
		expect(names.filter((n) => n === 'Batch-A')).toHaveLength(1);
		expect(names.filter((n) => n === 'Batch-B')).toHaveLength(0);
		expect(names.filter((n) => n === 'Batch-C')).toHaveLength(1);
	});
});
