/** SarvCRM's error codes as the user sees them, and continueOnFail item by item. */
import { startHarness, type Harness } from '../../harness';
import { listFields } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
	// Log in once up front, so each test counts only the logins it causes.
	(await h.runNode({ resource: 'Leads', operation: 'getFields' })).assertSuccess();
});
afterAll(async () => await h.close());

const CODES: Array<[number, number, RegExp]> = [
	[12, 401, /Log into the SarvCRM web app/],
	[12, 400, /portal client/],
	[14, 400, /required field/],
	[15, 400, /does not match its field type/],
	[20, 404, /not enabled on your SarvCRM instance/],
	[22, 400, /does not exist or the record was deleted/],
	[30, 400, /not available for this module/],
	[31, 400, /relationship field/],
	[50, 400, /Narrow the match/],
	[51, 404, /Nothing matched/],
	[60, 401, /too many open sessions/],
	[70, 401, /administrator/],
	[90, 400, /fewer records/],
	[1000, 400, /not valid for this module/],
	[1001, 400, /field names and values/],
	[1008, 401, /set a new password/],
	[1009, 401, /unlock this user/],
];

it.each(CODES)('code %i (HTTP %i): the server message, the code and a hint', async (code, status, hint) => {
	const message = `Server says ${code}`;
	h.sandbox.failNext(1, { type: 'status', status, body: { status, code, message, data: [] } }, 'Retrieve');
	const loginsBefore = h.sandbox.calls('Login');
	const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 });
	// None of these is a 401/403 a new session can cure; for 60 "sessions exceeded" a login would hurt.
	expect(h.sandbox.calls('Login') - loginsBefore).toBe(0);
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe(message);
	expect(result.error?.description).toMatch(hint);
	expect(result.error?.description).toContain(`SarvCRM error code ${code}, HTTP ${status}; operation "getAll", module Leads`);
	expect(result.error?.name).toBe('NodeApiError');
});

it('a 401 (invalid session) gets one new session and the call again', async () => {
	h.sandbox.failNext(
		1,
		{ type: 'status', status: 401, body: { status: 401, code: 11, message: 'The session ID is invalid.', data: [] } },
		'Retrieve',
	);
	const loginsBefore = h.sandbox.calls('Login');
	const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 });
	expect(result.assertSuccess().json()).toHaveLength(1);
	expect(h.sandbox.calls('Login') - loginsBefore).toBe(1);
});

it("code 40 (HTTP 403): one new session; refused again, it says access was denied, in the server's words", async () => {
	const denied = { type: 'status' as const, status: 403, body: { status: 403, code: 40, message: 'شما دسترسی ندارید', data: [] } };
	h.sandbox.failNext(2, denied, 'Retrieve');
	const loginsBefore = h.sandbox.calls('Login');
	const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 });
	expect(h.sandbox.calls('Login') - loginsBefore).toBe(1);
	expect(result.error?.message).toBe('SarvCRM denied access even after a new login: شما دسترسی ندارید');
	expect(result.error?.description).toMatch(/may not do this/);
	expect(result.error?.description).toContain('SarvCRM error code 40, HTTP 403; operation "getAll", module Leads');
});

it('an expired token costs one login, then the call goes through', async () => {
	h.sandbox.expireAllTokens();
	const loginsBefore = h.sandbox.calls('Login');
	const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 });
	expect(result.assertSuccess().json()).toHaveLength(1);
	expect(h.sandbox.calls('Login') - loginsBefore).toBe(1);
});

it('code 14 from the server names the missing fields it lists', async () => {
	h.sandbox.failNext(
		1,
		{
			type: 'status',
			status: 400,
			body: { status: 400, code: 14, message: 'Please fill out the required fields and try again.', data: { missing: ['status'] } },
		},
		'Save',
	);
	const result = await h.runNode({
		resource: 'Leads',
		operation: 'create',
		fieldsInput: 'list',
		fields: listFields([
			{ name: 'last_name', value: 'A' },
			{ name: 'status', value: 'New' },
		]),
	});
	expect(result.error?.description).toMatch(/Missing: status/);
});

it('a non-JSON reply becomes a clear error', async () => {
	h.sandbox.failNext(1, { type: 'nonJson', body: 'Fatal error: something broke' }, 'Retrieve');
	const result = await h.runNode({ resource: 'Leads', operation: 'getAll', limit: 1 });
	expect(result.error?.message).toBe('SarvCRM answered HTTP 200 with a non-JSON body');
});

it('missing required fields are reported before anything is sent', async () => {
	h.sandbox.clearLog();
	const result = await h.runNode({
		resource: 'Leads',
		operation: 'create',
		fieldsInput: 'list',
		fields: listFields([{ name: 'first_name', value: 'Only' }]),
	});
	expect(result.error?.message).toMatch(/Required fields missing for a new Leads record: "last_name" .*"status"/);
	expect(h.sandbox.calls('Save')).toBe(0);
});

it('continueOnFail: the failing item carries its error, the others go through, pairing kept', async () => {
	const result = await h.runNode(
		{ resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}' },
		[{ id: h.sandbox.records('Leads')[0].id as string }, { id: 'does-not-exist' }, { id: h.sandbox.records('Leads')[1].id as string }],
		{ continueOnFail: true },
	);
	result.assertSuccess();
	const items = result.items();
	expect(items).toHaveLength(3);
	expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(items[0].json.id).toBe(h.sandbox.records('Leads')[0].id);
	expect(items[1].json.error).toBe('Access to this object is denied since it has been deleted or does not exist.');
	// n8n keeps only the message in json; the full error rides along on the item.
	expect((items[1].error as { description?: string }).description).toMatch(/record does-not-exist/);
	expect(items[2].json.id).toBe(h.sandbox.records('Leads')[1].id);
});

it('without continueOnFail the first failure stops the node with the item index', async () => {
	const result = await h.runNode({ resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}' }, [{ id: 'nope-1' }]);
	expect(result.status).toBe('error');
	expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
});

it("Resource from an expression runs (each item's module is evaluated)", async () => {
	const result = await h.runNode({ resource: '={{ "Leads" }}', operation: 'getAll', limit: 1 });
	expect(result.assertSuccess().json()).toHaveLength(1);
});
