/**
 * refusedModule=Leads: the user's role may not use one module (HTTP 403, code 40, "You do not
 * have access."), every other module works. A refusal is not an expiry: after one new login
 * the module's refusals under that session fail their items at once, at any parallelism, so a
 * batch never logs in again and again (a real server counts sessions, code 60, and locks users
 * out, 1009). The same outcome on the default node version and on 1.1.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Harness } from '../../harness';
import { forgetSession, profileHarness, underProfile } from './helpers';

const harness = profileHarness();
const REFUSED = 'You do not have access.';
const hundred = Array.from({ length: 100 }, (_, i) => ({ i, name: `Refused ${i}` }));

const logins = (h: Harness) => h.sandbox.calls('Login') + h.sandbox.calls('service2.login');

const getLead: INodeParameters = { resource: 'Leads', operation: 'get', recordId: '={{ $json.id }}', options: { maxParallel: 4 } };
/** One call per item (no shared lookup, no metadata): where refusals used to cost a login each. */
const getOneLead: INodeParameters = { resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1, options: { maxParallel: 4 } };
const deleteLead: INodeParameters = { resource: 'Leads', operation: 'delete', recordId: '={{ $json.id }}', options: { maxParallel: 4 } };
const createLead: INodeParameters = {
	resource: 'Leads',
	operation: 'create',
	fieldsInput: 'list',
	fields: { field: [{ name: 'last_name', value: '={{ $json.name }}' }] },
	options: { maxParallel: 4 },
};
const oneAccount: INodeParameters = { resource: 'Accounts', operation: 'getAll', returnAll: false, limit: 1, options: {} };

describe.each([
	['default version', undefined],
	['version 1.1', 1.1],
] as const)('refusedModule=Leads, %s', (_name, typeVersion) => {
	underProfile(harness, { refusedModule: 'Leads' });
	const settings = { continueOnFail: true, ...(typeVersion !== undefined ? { typeVersion } : {}) };

	const leadIds = (h: Harness): IDataObject[] =>
		Array.from({ length: 100 }, (_, i) => ({ id: String(h.sandbox.records('Leads')[i % h.sandbox.records('Leads').length].id) }));

	it.each([
		['Get Many', getOneLead],
		['Delete', deleteLead],
		['Get', getLead],
		['Create', createLead],
	] as const)(
		'100 items of %s at Max Parallel Requests 4: at most 2 logins, each item fails with the server message',
		async (_op, parameters) => {
			const h = harness();
			forgetSession(h);
			h.sandbox.clearLog();
			const before = h.sandbox.records('Leads').length;

			const result = await h.runNode(parameters, parameters === createLead ? hundred : leadIds(h), settings);

			expect(result.error?.message).toBeUndefined();
			const errors = result.itemErrors();
			expect(errors).toHaveLength(100);
			expect(errors.map((e) => e.index)).toEqual(hundred.map((_, i) => i));
			for (const { error } of errors) expect(String(error)).toContain(REFUSED);
			expect(result.items().map((item) => item.pairedItem)).toEqual(hundred.map((_, i) => ({ item: i })));
			expect(logins(h)).toBeLessThanOrEqual(2);
			expect(h.sandbox.records('Leads')).toHaveLength(before);

			// The same credential still works on the modules the user may use.
			h.sandbox.clearLog();
			const accounts = await h.runNode(oneAccount, [{}], typeVersion !== undefined ? { typeVersion } : {});
			expect(accounts.assertSuccess().json()).toHaveLength(1);
			expect(logins(h)).toBe(0);
		},
	);

	it('without Continue On Fail: the run fails with the server message after at most 2 logins', async () => {
		const h = harness();
		forgetSession(h);
		h.sandbox.clearLog();
		const result = await h.runNode(getOneLead, leadIds(h), typeVersion !== undefined ? { typeVersion } : {});
		expect(result.error?.message).toContain(REFUSED);
		expect(logins(h)).toBeLessThanOrEqual(2);
	});
});
