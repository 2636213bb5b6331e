/**
 * The conformance probe: logs in, runs every read-only check and renders a Markdown
 * report naming, per open point, the sandbox profile value this server matches.
 */
import {
	customFieldCheck,
	messageChecks,
	multienumCheck,
	textCompareCheck,
	nonColumnCheck,
	numbersCheck,
	pagingChecks,
	sessionCheck,
	singleRecordCheck,
	timeCheck,
	type FieldMeta,
	type Finding,
	type ProbeContext,
} from './checks';
import { isRecordList, ProbeHttp, type ProbeTarget } from './http';
import { deletedRowsCheck } from './deleted';
import { probeService2, service2BehaviourFindings, service2Finding } from './service2';

export type { Finding } from './checks';
export type { ProbeTarget } from './http';

/** Profile switches no read-only call can tell (the upload limit shows only on an upload). */
/** Switches only a write would show (the probe is read-only); the node detects them itself. */
export const UNPROBED_SWITCHES: readonly string[] = ['uploadLimit', 'newWithId', 'refusedModule'];

/** Modules looked at, most records first in a typical CRM; Vendors share `accounts`. */
const MODULES: Array<[module: string, table: string]> = [
	['Leads', 'leads'],
	['Contacts', 'contacts'],
	['Accounts', 'accounts'],
];

async function moduleFields(http: ProbeHttp, module: string): Promise<FieldMeta[]> {
	const r = await http.call('GetModuleFields', { module }, undefined);
	const data = r.json?.data;
	if (!data || typeof data !== 'object') return [];
	return Object.values(data as Record<string, FieldMeta>).filter((f) => f && typeof f.name === 'string');
}

export async function probe(target: ProbeTarget, fetchImpl?: typeof fetch): Promise<Finding[]> {
	const http = new ProbeHttp(target, fetchImpl);
	await http.login();
	const fieldsByModule = new Map<string, { table: string; fields: FieldMeta[] }>();
	let main: { module: string; table: string; count: number } | undefined;
	for (const [module, table] of MODULES) {
		fieldsByModule.set(module, { table, fields: await moduleFields(http, module) });
		const page = await http.retrieve(module, { limit: 3, selected_fields: ['id'] });
		const count = isRecordList(page) ? page.json.data.length : 0;
		if (!main || count > main.count) main = { module, table, count };
	}
	const { module, table } = main!;
	const ctx: ProbeContext = { http, module, table, fields: fieldsByModule.get(module)!.fields, fieldsByModule, errorReplies: [] };
	return [
		await sessionCheck(ctx),
		...(await pagingChecks(ctx)),
		await timeCheck(ctx),
		await customFieldCheck(ctx),
		await nonColumnCheck(ctx),
		numbersCheck(ctx),
		await singleRecordCheck(ctx),
		...(await messageChecks(ctx)),
		await multienumCheck(ctx),
		await textCompareCheck(ctx),
		...(await service2Findings(target, http, fetchImpl)),
	];
}

/** service2 itself, how it composes and fails, then what its listing shows of deleted rows (only where it answers). */
async function service2Findings(target: ProbeTarget, http: ProbeHttp, fetchImpl?: typeof fetch): Promise<Finding[]> {
	const report = await probeService2(target, fetchImpl);
	return [
		service2Finding(report),
		...service2BehaviourFindings(report),
		await deletedRowsCheck(target, http, MODULES, report.value, fetchImpl),
	];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** service2's methods, one row each, when the service answered. */
function methodsSection(findings: Finding[]): string[] {
	const methods = findings.find((f) => f.key === 'service2')?.methods;
	if (!methods) return [];
	const rows = Object.entries(methods).map(([m, answer]) => `| \`${m}\` | ${cell(answer)} |`);
	return ['| service2 method | Answer |', '| --- | --- |', ...rows, ''];
}

/** Markdown to paste into an issue: server address only (no utype, user or secret). */
export function renderReport(target: Pick<ProbeTarget, 'url' | 'writes'>, findings: Finding[], at = new Date()): string {
	const u = new URL(target.url);
	const known = findings.filter((f) => f.value !== 'unknown');
	return [
		'## SarvCRM conformance probe',
		'',
		`Server: \`${u.origin}${u.pathname}\` · ${at.toISOString()} · ${target.writes ? 'one write, opted in (SARVCRM_PROBE_WRITE=1: a test Lead created and deleted); otherwise ' : ''}read-only (Login, Retrieve, GetModuleFields; ` +
			'service2: login, logout, get_entry_list, calls with a session it never issued)',
		'',
		'| Open point | Profile switch | This server | Evidence |',
		'| --- | --- | --- | --- |',
		...findings.map((f) => `| ${cell(f.point)} | \`${f.key}\` | \`${String(f.value)}\` | ${cell(f.evidence)} |`),
		'',
		...methodsSection(findings),
		`Not probed: ${UNPROBED_SWITCHES.map((k) => `\`${k}\``).join(', ')} (only a write would show them: an upload, a set_entries; the node detects chosen ids on its first bulk write).`,
		'',
		'The same server in the sandbox (switches found above):',
		'',
		'```',
		`npm run sandbox -- --profile ${known.map((f) => `${f.key}=${String(f.value)}`).join(',')}`,
		'```',
		'',
	].join('\n');
}
