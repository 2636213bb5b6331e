/**
 * 4. Bulk writes: Create 1,000 records. One Save per record plus one GetModuleFields,
 * wall time against a raw sequential `fetch` loop, and the "Max Parallel Requests"
 * option (default 4) speeding it up while the sandbox never sees more in flight.
 */
import { benchHarness, fmtMs, fmtRatio, RawClient, rows, timed, warmUp, type Scenario } from './lib';

const NAME = '4. Bulk writes';
const RECORDS = 1_000;
/** undefined = the option left unset: the node's default. */
const SETTINGS: Array<{ maxParallel?: number; label: string; effective: number; infoOnly?: boolean }> = [
	{ maxParallel: 1, label: 'maxParallel 1', effective: 1 },
	{ label: 'maxParallel 4 (default)', effective: 4 },
	{ maxParallel: 10, label: 'maxParallel 10', effective: 10 },
	// What a declarative (routing) node does: every item's request at once.
	{ maxParallel: RECORDS, label: `all at once (maxParallel ${RECORDS}, as a declarative node)`, effective: RECORDS, infoOnly: true },
];

const leads = (tag: string) =>
	Array.from({ length: RECORDS }, (_, i) => ({ first_name: 'Bulk', last_name: `${tag} ${i}`, status: 'New' }));

export const bulkWritesScenario: Scenario = {
	id: 'bulk-writes',
	title: NAME,
	async run() {
		const r = rows(NAME);
		const h = await benchHarness();
		try {
			await warmUp(h);

			// Peer: the same 1,000 Saves, one after the other, with plain fetch.
			const raw = new RawClient(h.url);
			raw.token = h.credentials.token();
			const rawRun = await timed(async () => {
				for (const record of leads('Raw')) await raw.call('Save', 'POST', 'Leads', record);
			});
			r.info(`raw sequential fetch loop: ${RECORDS} Saves`, fmtMs(rawRun.ms));

			let sequentialMs = 0;
			for (const setting of SETTINGS) {
				h.sandbox.clearLog();
				const options = setting.maxParallel === undefined ? {} : { maxParallel: setting.maxParallel };
				const tag = `Node p${setting.effective}`;
				const run = await timed(async () =>
					await h.runNode(
						{ resource: 'Leads', operation: 'create', fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null }, options },
						leads(tag),
					),
				);
				const result = run.value;
				const created = result.error ? 0 : result.json().filter((item) => typeof item.id === 'string' && item.id).length;
				const stored = h.sandbox.records('Leads').filter((rec) => String(rec.last_name).startsWith(`${tag} `)).length;
				const saves = h.sandbox.calls('Save');
				const logins = h.sandbox.calls('Login');
				const fieldLoads = h.sandbox.calls('GetModuleFields');
				const label = setting.label;
				r.check(`${label}: records created`, `${created} (${stored} stored)`, `${RECORDS}`, created === RECORDS && stored === RECORDS);
				r.check(`${label}: Save calls`, saves, `≤ ${RECORDS} + logins (${logins})`, saves <= RECORDS + logins);
				r.check(`${label}: GetModuleFields calls`, fieldLoads, '= 1', fieldLoads === 1);
				if (setting.infoOnly) r.info(`${label}: sandbox max in flight`, h.sandbox.maxInFlight);
				else r.check(`${label}: sandbox max in flight`, h.sandbox.maxInFlight, `≤ ${setting.effective}`, h.sandbox.maxInFlight <= setting.effective);
				r.info(`${label}: wall time`, fmtMs(run.ms));
				if (setting.effective === 1) {
					sequentialMs = run.ms;
					const ratio = run.ms / rawRun.ms;
					r.check(`${label}: wall time ratio node / raw sequential loop`, fmtRatio(ratio), '≤ 1.10', ratio <= 1.1);
				} else if (setting.infoOnly) {
					r.info(`${label}: speed-up vs maxParallel 1`, `${(sequentialMs / run.ms).toFixed(1)}×`, 'no bound on requests in flight');
				} else {
					r.info(`${label}: wall time ratio node / raw sequential loop`, fmtRatio(run.ms / rawRun.ms));
					// Half the ideal speed-up at least: the sandbox shares the 2 cores with n8n.
					const speedUp = sequentialMs / run.ms;
					const wanted = setting.effective / 2;
					r.check(`${label}: speed-up vs maxParallel 1`, `${speedUp.toFixed(1)}×`, `≥ ${wanted.toFixed(1)}×`, speedUp >= wanted);
				}
			}
		} finally {
			await h.close();
		}
		return r.list;
	},
};
