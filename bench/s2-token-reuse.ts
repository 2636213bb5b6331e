/**
 * 2. Token reuse: consecutive executions with one credential log in once, because n8n
 * persists the token the credential's preAuthentication returned. The peer is a workflow
 * of plain HTTP calls that logs in itself on every execution (simulated with fetch).
 */
import { withBenchHarness, RawClient, rows, seedLeads, type Scenario } from './lib';
import type { RemoteSandbox } from './remote-sandbox';

const NAME = '2. Token reuse';
export const EXECUTIONS = 20;

/**
 * The peer: a workflow of HTTP Request nodes that logs in itself, so every execution logs
 * in, then makes its call. Clears the sandbox log first; resolves the sandbox's counts.
 * Shared with scenario 7 (the same measure next to a real n8n).
 */
export async function peerRuns(sandbox: RemoteSandbox, executions: number) {
	await sandbox.clearLog();
	const raw = new RawClient(sandbox.url);
	for (let i = 0; i < executions; i++) {
		await raw.logIn();
		await raw.call('Retrieve', 'POST', 'Leads', { limit: 5, offset: 0 });
	}
	return await sandbox.counts();
}

export const tokenReuseScenario: Scenario = {
	id: 'token-reuse',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withBenchHarness(async (h) => {
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

			const peer = await peerRuns(h.sandbox, EXECUTIONS);
			const peerLogins = peer.byMethod.Login ?? 0;
			r.check(`peer (HTTP calls logging in each run): logins`, peerLogins, `= ${EXECUTIONS}`, peerLogins === EXECUTIONS);
			r.info(`peer: API calls (incl. login)`, peer.total);
		});
		return r.list;
	},
};
