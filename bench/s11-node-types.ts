/**
 * 8. The nodes panel's cost: one Operation property per module (444 actions) makes the node
 * description larger, and the editor loads it from n8n's node-types endpoints. Measured in a
 * real n8n (the cached install of the e2e suite, skipped when absent): the bytes of the
 * SarvCRM node type as n8n serves it, and the time of `GET /types/nodes.json` (every node
 * type, what the editor loads at start) and `POST /rest/node-types` (one node's description).
 */

import { n8n, PKG } from '../test/e2e/helpers';
import { withInstalledN8n } from './real-n8n';
import { fmtMs, median, rows, type Scenario } from './lib';

/**
 * Actions every module has (Create, Create or Update, Delete, Get, Get Fields, Get Many, Get Related
 * Records, Link Related Records, Update, Count); phone search and the file operations only where they apply.
 */
const EVERY_MODULE_ACTIONS = 10;
const NAME = '11. Node description in n8n';
const PORT = Number(process.env.BENCH_N8N_PORT || 5750);
const ROUNDS = 7;
const NODE = `${PKG}.sarvCrm`;

interface NodeTypeJson {
	name: string;
	properties: Array<{
		name: string;
		options?: Array<{ value: unknown; action?: string }>;
		displayOptions?: { show?: { resource?: string[] } };
	}>;
}

async function timed<T>(rounds: number, call: () => Promise<T>): Promise<{ ms: number; last: T }> {
	const times: number[] = [];
	let last!: T;
	for (let i = 0; i < rounds; i++) {
		const t = performance.now();
		last = await call();
		times.push(performance.now() - t);
	}
	return { ms: median(times), last };
}

/** An Operation property's own options, without the "Custom API Call" n8n adds. */
const ownOptions = (p: NodeTypeJson['properties'][number]) => (p.options ?? []).filter((o) => !String(o.value).startsWith('__'));

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const nodeTypesScenario: Scenario = {
	id: 'node-types',
	title: NAME,
	async run() {
		const r = rows(NAME);
		await withInstalledN8n(r, 'sarvcrm-bench-types-', async (f, userFolder) => {
			let server: ReturnType<typeof n8n.startServer> | undefined;
			try {
				server = n8n.startServer(f, userFolder, { port: PORT });
				await server.ready;
				await n8n.setupOwner(server.url);
				const { api, cookie } = await n8n.login(server.url);
				const headers = { cookie, 'browser-id': 'sarvcrm-scripts' }; // n8n ties its auth cookie to this header

				const all = await timed(ROUNDS, async () => {
					const res = await fetch(`${server!.url}/types/nodes.json`, { headers });
					if (!res.ok) throw new Error(`GET /types/nodes.json: HTTP ${res.status}`);
					return await res.text();
				});
				const served = (JSON.parse(all.last) as NodeTypeJson[]).filter((n) => n.name === NODE);
				const node = served.at(-1);
				if (!node) throw new Error(`${NODE} is not in /types/nodes.json`);
				const one = await timed(
					ROUNDS,
					async () => await api('/rest/node-types', { method: 'POST', body: JSON.stringify({ nodeInfos: [{ name: NODE, version: 1 }] }) }),
				);

				// without n8n's own "Custom API Call" option (__CUSTOM_API_CALL__)
				const resources = (node.properties.find((p) => p.name === 'resource')?.options ?? [])
					.map((o) => String(o.value))
					.filter((v) => !v.startsWith('__'));
				const operations = node.properties.filter((p) => p.name === 'operation');
				const withActions = resources.filter((res) =>
					operations.some(
						(p) =>
							p.displayOptions?.show?.resource?.includes(res) &&
							ownOptions(p).length >= EVERY_MODULE_ACTIONS &&
							ownOptions(p).every((o) => !!o.action),
					),
				);
				const actions = operations.reduce((n, p) => n + ownOptions(p).filter((o) => o.action).length, 0);
				const nodeBytes = Buffer.byteLength(JSON.stringify(node));
				const operationBytes = Buffer.byteLength(JSON.stringify(operations));

				r.check(
					'modules with actions in the nodes panel',
					withActions.length,
					`= ${resources.length} (every module)`,
					withActions.length === resources.length && resources.length === 40,
				);
				r.info('actions (operation options with an action text)', actions);
				r.info(
					'SarvCRM node type as n8n serves it',
					kib(nodeBytes),
					`of which the ${operations.length} Operation properties: ${kib(operationBytes)}`,
				);
				r.info(
					`GET /types/nodes.json (all ${JSON.parse(all.last).length} node types, ${kib(Buffer.byteLength(all.last))}), median of ${ROUNDS}`,
					fmtMs(all.ms),
					`n8n ${f.version}; the editor loads it once at start`,
				);
				r.info(`POST /rest/node-types (the SarvCRM node), median of ${ROUNDS}`, fmtMs(one.ms), `n8n ${f.version}`);
			} finally {
				await server?.stop();
			}
		});
		return r.list;
	},
};
