/**
 * 2. Token reuse: consecutive executions with one credential log in once, because n8n
 * persists the token the credential's preAuthentication returned. The peer is a workflow
 * of plain HTTP calls that logs in itself on every execution (simulated with fetch).
 */
import { benchHarness, RawClient, rows, seedLeads, type Scenario } from './lib';

const NAME = '2. Token reuse';
const EXECUTIONS = 20;

export const tokenReuseScenario: Scenario = {
	id: 'token-reuse',
	title: NAME,
	async run() {
		const r = rows(NAME);
		const h = await benchHarness();
		try {
			await seedLeads(h, 5);
			await h.sandbox.clearLog();
			let failed = 0;
			for (let i = 0; i < EXECUTIONS; i++) {
				const result = await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: false, limit: 5 });
				if (result.error || result.items().length !== 5) failed++;
			}
			const logins = await h.sandbox.calls('Login');
			r.check(`${EXECUTIONS} executions: failed`, failed, '= 0', failed === 0);
			r.check(`${EXECUTIONS} executions, one credential: logins`, logins, '= 1', logins === 1);
			r.info(`${EXECUTIONS} executions: API calls (incl. login)`, await h.sandbox.calls());

			// Peer: each execution logs in, then makes its call.
			await h.sandbox.clearLog();
			const raw = new RawClient(h.url);
			for (let i = 0; i < EXECUTIONS; i++) {
				await raw.logIn();
				await raw.call('Retrieve', 'POST', 'Leads', { limit: 5, offset: 0 });
			}
			const peer = await h.sandbox.counts();
			const peerLogins = peer.byMethod.Login ?? 0;
			r.check(`peer (HTTP calls logging in each run): logins`, peerLogins, `= ${EXECUTIONS}`, peerLogins === EXECUTIONS);
			r.info(`peer: API calls (incl. login)`, peer.total);
		} finally {
			await h.close();
		}
		return r.list;
	},
};
