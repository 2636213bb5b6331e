/**
 * The probe's deleted-rows check (the trigger's Record Deleted and the Include Deleted Records
 * option depend on it): does service2's `get_entry_list` with `deleted` list deleted rows, and
 * does their `date_modified` move at deletion?
 *
 * Read-only by default: it looks for an existing deleted row in the probed modules. That proves
 * 'listed' when one shows; when none does, the server may hide them or nothing was deleted yet
 * ('unknown'). With SARVCRM_PROBE_WRITE=1 (opt-in) it creates one test Lead, deletes it a second
 * later and looks it up: 'listed' or 'hidden', and whether `date_modified` moved.
 */
import { parseServerTime } from '../../nodes/core/checkpoint';
import { findSarvApiError } from '../../nodes/core/errors';
import { Service2Client } from '../../nodes/core/service2/client';
import type { Finding } from './checks';
import type { ProbeHttp, ProbeTarget } from './http';
import { fetchRequester } from './requester';

const POINT = "service2's get_entry_list with deleted: are deleted rows listed (and date_modified stamped at deletion)?";
const COLUMNS = ['id', 'deleted', 'date_entered', 'date_modified'];

const finding = (value: string, evidence: string): Finding => ({ key: 'deletedRows', point: POINT, value, evidence });
const failed = (error: unknown) => findSarvApiError(error)?.failure.message ?? (error as Error).message;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deletedRowsCheck(
	target: ProbeTarget,
	http: ProbeHttp,
	modules: Array<[module: string, table: string]>,
	service2: string,
	fetchImpl: typeof fetch = fetch,
): Promise<Finding> {
	if (service2 === 'absent' || service2 === 'unknown') return finding('unknown', 'service2 does not answer, so no deleted row can be read');
	const client = new Service2Client(fetchRequester(fetchImpl), {
		baseUrl: target.url,
		utype: target.utype,
		username: target.username,
		password: target.password,
		service2Url: target.service2Url,
	});
	try {
		for (const [module, table] of modules) {
			const { records } = await client.getEntryList(module, {
				query: `${table}.deleted = 1`,
				orderBy: `${table}.date_modified DESC`,
				selectFields: COLUMNS,
				maxResults: 1,
				deleted: true,
			});
			const row = records.find((r) => String(r.deleted) === '1');
			if (row) {
				const stamped = String(row.date_modified) > String(row.date_entered) ? 'after' : 'not after';
				const found = finding(
					'listed',
					`a deleted ${module} row is listed (deleted ${String(row.deleted)}); its date_modified ${String(row.date_modified)} is ${stamped} its date_entered ${String(row.date_entered)}`,
				);
				// The read-only look proves the listing; only a deletion seen happen shows the stamp.
				return target.writes ? await deleteOne(http, client, found) : withHint(found);
			}
		}
		if (target.writes) return await deleteOne(http, client);
		return finding(
			'unknown',
			`no deleted row listed in ${modules.map(([m]) => m).join(', ')}: the server hides them, or none was deleted; ` +
				'SARVCRM_PROBE_WRITE=1 checks by creating and deleting one test Lead',
		);
	} catch (error) {
		return finding('unknown', `get_entry_list with deleted failed: ${failed(error)}`);
	} finally {
		await client.logout().catch(() => undefined);
	}
}

const withHint = (f: Finding): Finding => ({
	...f,
	evidence: `${f.evidence} (whether date_modified moves at deletion: SARVCRM_PROBE_WRITE=1)`,
});

/** The opt-in write: one test Lead created, deleted a second later (second precision), looked up. */
async function deleteOne(http: ProbeHttp, client: Service2Client, found?: Finding): Promise<Finding> {
	const created = await http.save('POST', 'Leads', { last_name: 'n8n-nodes-sarvcrm probe (deleted rows check)', status: 'New' });
	const id = String(created.json?.data?.id ?? '');
	if (!id) return finding(found ? String(found.value) : 'unknown', `the test Lead could not be created (HTTP ${created.status})`);
	const before = await http.retrieve('Leads', { query: `leads.id = '${id}'`, selected_fields: ['id', 'date_modified'] });
	const modifiedBefore = String(before.json?.data?.[0]?.date_modified ?? '');
	await sleep(1100);
	const deleted = await http.save('DELETE', 'Leads', {}, id);
	if (deleted.status >= 400)
		return finding('unknown', `created test Lead ${id}, but deleting it failed (HTTP ${deleted.status}): delete it by hand`);
	const { records } = await client.getEntryList('Leads', { query: `leads.id = '${id}'`, selectFields: COLUMNS, deleted: true });
	const row = records.find((r) => String(r.id) === id);
	const wrote = `created and deleted test Lead ${id}`;
	if (!row || String(row.deleted) !== '1') {
		return finding('hidden', `${wrote}; service2 ${row ? `listed it with deleted ${String(row.deleted)}` : 'does not list it'}`);
	}
	const moved = (parseServerTime(row.date_modified) ?? 0) > (parseServerTime(modifiedBefore) ?? Infinity);
	return finding(
		'listed',
		`${wrote}; service2 lists it (deleted 1); date_modified ${moved ? 'moved' : 'did NOT move'} at deletion (${modifiedBefore} → ${String(row.date_modified)})`,
	);
}
