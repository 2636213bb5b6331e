/**
 * 3. Token expiry under load: 200 items in flight when the session token expires.
 * The node's credential coalesces concurrent logins per credential, so one login serves
 * every request that got HTTP 401. For contrast, the same workflow with a bench-only
 * variant of the credential whose preAuthentication logs in directly, as an n8n
 * credential does by default: n8n-core calls preAuthentication once per failed request.
 */
import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { benchHarness, rows, seedLeads, warmUp, type BenchHarness, type Scenario } from './lib';

const NAME = '3. Token expiry';
const readOneById = {
	resource: 'Leads',
	operation: 'getAll',
	limit: 1,
	filters: { conditions: [{ field: 'id', operator: 'equals', value: '={{ $json.id }}' }] },
};
const ITEMS = 200;
const SECOND_USER = { user_name: 'bench2', password: 'bench-two' };

/** preAuthentication without coalescing: one Login request per call. */
async function loginDirectly(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
	const reply = (await this.helpers.httpRequest({
		method: 'POST',
		url: String(credentials.baseUrl),
		qs: { method: 'Login' },
		body: {
			utype: credentials.utype,
			user_name: credentials.username,
			password: createHash('md5').update(String(credentials.password), 'utf8').digest('hex'),
			language: credentials.language || 'en_US',
		},
		json: true,
	})) as { data: { token: string } };
	return { sessionToken: reply.data.token };
}

type When = 'before' | 'during';

/**
 * One execution over all ids, one read call per item (a Get Many by id: Get itself would read
 * them all in one batched call), the token expiring before it or halfway through.
 */
async function runUnderExpiry(h: BenchHarness, ids: string[], maxParallel: number, when: When) {
	await warmUp(h);
	let expired = false;
	let running = true;
	let watcher: Promise<void> | undefined;
	if (when === 'before') {
		await h.sandbox.expireAllTokens();
		expired = true;
	} else {
		// Expire once half of the items have been answered, with the others in flight
		// (the sandbox's counts polled over its admin endpoint, ~every 2 ms).
		watcher = (async () => {
			while (running && !expired) {
				if ((await h.sandbox.calls('Retrieve')) >= ids.length / 2) {
					await h.sandbox.expireAllTokens();
					expired = true;
				} else await new Promise((resolve) => setTimeout(resolve, 2));
			}
		})();
	}
	const result = await h.runNode(
		{ ...readOneById, options: { maxParallel } },
		ids.map((id) => ({ id })),
	);
	running = false;
	await watcher;
	const out = result.json();
	const succeeded = result.error ? 0 : out.filter((item, i) => item.id === ids[i] && item.error === undefined).length;
	const log = await h.sandbox.log();
	return {
		expired,
		succeeded,
		error: result.error?.message,
		logins: log.filter((e) => e.method === 'Login').length,
		unauthorized: log.filter((e) => e.status === 401).length,
		maxInFlight: await h.sandbox.maxInFlight(),
	};
}

export const tokenExpiryScenario: Scenario = {
	id: 'token-expiry',
	title: NAME,
	async run() {
		const r = rows(NAME);
		const cases: Array<{ maxParallel: number; when: When }> = [
			{ maxParallel: 20, when: 'before' },
			{ maxParallel: 20, when: 'during' },
			{ maxParallel: ITEMS, when: 'before' },
		];

		const h = await benchHarness({ sandbox: { users: [{ user_name: 'admin', password: 'sarv-demo' }, SECOND_USER] } });
		const peer = await benchHarness();
		try {
			const ids = await seedLeads(h, ITEMS);
			const peerIds = await seedLeads(peer, ITEMS);
			const peerCredential = peer.loaded.credentialTypes.getByName('sarvCrmApi');
			if (peerCredential === h.loaded.credentialTypes.getByName('sarvCrmApi')) {
				throw new Error('the two harnesses share one credential type instance: the bench-only variant would leak');
			}
			peerCredential.preAuthentication = loginDirectly;

			for (const { maxParallel, when } of cases) {
				const label = `${ITEMS} items, maxParallel ${maxParallel}, expiry ${when}`;
				const node = await runUnderExpiry(h, ids, maxParallel, when);
				if (!node.expired) throw new Error(`${label}: the token never expired (run too short)`);
				r.check(`${label}: items succeeded`, node.succeeded, `= ${ITEMS}`, node.succeeded === ITEMS);
				r.check(`${label}: logins`, node.logins, '= 1', node.logins === 1);
				r.check(`${label}: requests refused (401)`, node.unauthorized, '≤ 1 per request in flight', node.unauthorized <= maxParallel);
				r.check(`${label}: sandbox max in flight`, node.maxInFlight, `≤ ${maxParallel}`, node.maxInFlight <= maxParallel);
				if (node.error) r.info(`${label}: execution error`, node.error);

				const alone = await runUnderExpiry(peer, peerIds, maxParallel, when);
				r.info(
					`${label}: n8n alone (preAuthentication logs in directly): logins`,
					`${alone.logins} (${alone.unauthorized} refused, ${alone.succeeded}/${ITEMS} ok)`,
					'one login per failed request',
				);
				r.check(`${label}: logins, node vs n8n alone`, `${node.logins} vs ${alone.logins}`, 'node < n8n alone', node.logins < alone.logins);
			}

			// No leakage: two credentials (two users) expiring at the same time, in two
			// concurrent executions, log in once each and keep tokens of their own.
			const other = h.credentials.add({ username: SECOND_USER.user_name, password: SECOND_USER.password }, 'Second user');
			await warmUp(h);
			(
				await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1 }, [{}], { credentialId: other })
			).assertSuccess();
			await h.sandbox.expireAllTokens();
			await h.sandbox.clearLog();
			const before = [h.credentials.token(), h.credentials.token(other)];
			const parameters = { ...readOneById, options: { maxParallel: 20 } };
			const half = ids.slice(0, ITEMS / 2).map((id) => ({ id }));
			const [a, b] = await Promise.all([h.runNode(parameters, half), h.runNode(parameters, half, { credentialId: other })]);
			const after = [h.credentials.token(), h.credentials.token(other)];
			const ok = !a.error && !b.error && a.items().length === half.length && b.items().length === half.length;
			const ownTokens = after[0] !== after[1] && after[0] !== before[0] && after[1] !== before[1];
			const logins = await h.sandbox.calls('Login');
			r.check('2 credentials expiring together: logins', logins, '= 2 (one each)', logins === 2 && ok);
			r.check(
				'2 credentials expiring together: tokens',
				ownTokens ? 'distinct, both renewed' : 'SHARED or not renewed',
				'distinct',
				ownTokens,
			);
		} finally {
			await h.close();
			await peer.close();
		}
		return r.list;
	},
};
