/**
 * 7. Token reuse in a real n8n: scenario 2 again, but in n8n itself (the cached 1.x install
 * of the e2e suite, see scripts/n8n/), where each `n8n execute --id` is a process of its own
 * and the token lives only in n8n's database (encrypted with the credential). The package is
 * packed and installed into a temporary user folder's `.n8n/nodes` as test/e2e does, with the
 * same helpers. Skipped (one info row, no failure) when n8n is not installed: the install
 * takes minutes and belongs to `npm run test:e2e` / `npm start`, not to the bench.
 */

import { chain, CRED_ID, manualTrigger, n8n, sarv } from '../test/e2e/helpers';
import { withInstalledN8n } from './real-n8n';
import { fmtMs, LATENCY_MS, median, PAGE_CAP, rows, type Scenario } from './lib';
import { RemoteSandbox } from './remote-sandbox';
import { EXECUTIONS, peerRuns } from './s2-token-reuse';

const NAME = '7. Token reuse (real n8n)';
const WORKFLOW_ID = 'benchTokenReuse01';
const LIMIT = 5;

export const realN8nTokenReuseScenario: Scenario = {
	id: 'real-n8n',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withInstalledN8n(r, 'sarvcrm-bench-n8n-', async (f, userFolder) => {
			const sandbox = await RemoteSandbox.spawn({ latencyMs: LATENCY_MS, pageCap: PAGE_CAP, seed: false });
			try {
				await sandbox.insertMany(
					'Leads',
					Array.from({ length: LIMIT }, (_, i) => ({ first_name: 'Bench', last_name: `Lead ${i}`, status: 'New' })),
				);
				await n8n.importCredentials(f, userFolder, [
					n8n.sarvCredential({ id: CRED_ID, baseUrl: sandbox.url, utype: 'demo', username: 'admin', password: 'sarv-demo' }),
				]);
				await n8n.importWorkflows(f, userFolder, [
					chain(WORKFLOW_ID, 'bench: Get Many Leads', [
						manualTrigger(),
						sarv('Get Many Leads', { resource: 'Leads', operation: 'getAll', returnAll: false, limit: LIMIT, options: {} }),
					]),
				]);
				await sandbox.clearLog();

				let succeeded = 0;
				let firstError = '';
				const times: number[] = [];
				for (let i = 0; i < EXECUTIONS; i++) {
					const res = await n8n.executeWorkflow(f, userFolder, WORKFLOW_ID);
					times.push(res.ms);
					try {
						if (!res.ok) throw new Error(`exit ${res.code}: ${res.stderr.slice(-300) || res.stdout.slice(-300)}`);
						const items = n8n.nodeOutput(res.run, 'Get Many Leads');
						if (items.length !== LIMIT) throw new Error(`${items.length} items, expected ${LIMIT}`);
						succeeded++;
					} catch (error) {
						firstError ||= (error as Error).message.replace(/\s+/g, ' ');
					}
				}
				const counts = await sandbox.counts();
				const logins = counts.byMethod.Login ?? 0;
				r.check(
					`${EXECUTIONS} × n8n execute --id: succeeded`,
					succeeded,
					`= ${EXECUTIONS}`,
					succeeded === EXECUTIONS,
					firstError && `First failure: ${firstError}`,
				);
				r.check(
					`${EXECUTIONS} executions, one credential: logins`,
					logins,
					'= 1',
					logins === 1,
					'Each `n8n execute` is a new process: only the token n8n stored in its database can carry over.',
				);
				r.info(`${EXECUTIONS} executions: API calls (incl. login)`, counts.total);
				r.info(
					`wall time, ${EXECUTIONS} executions`,
					`${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
					`n8n ${f.version}, a process per execution`,
				);
				r.info('wall time per execution (median)', fmtMs(median(times)), 'mostly n8n booting');

				const peer = await peerRuns(sandbox, EXECUTIONS);
				const peerLogins = peer.byMethod.Login ?? 0;
				r.check(`peer (HTTP calls logging in each run, as in 2.): logins`, peerLogins, `= ${EXECUTIONS}`, peerLogins === EXECUTIONS);
			} finally {
				await sandbox.stop();
			}
		});
		return r.list;
	},
};
