/**
 * The probe against the sandbox under every profile value: its report must name the
 * value the sandbox was set to, and it must only read.
 */
import { execFile } from 'child_process';
import path from 'path';

import { readTarget } from '../../../scripts/probe/cli';
import { probe, renderReport, UNPROBED_SWITCHES, type Finding } from '../../../scripts/probe/probe';
import { DEFAULT_PROFILE, profileVariants, SarvCrmSandbox, type SandboxProfile } from '../../sandbox';
import { md5 } from '../../sandbox/auth';

const PASSWORD = 'sarv-demo';
let sb: SarvCrmSandbox;
let target: { url: string; utype: string; username: string; password: string };

/** Enough Leads that a cap of 1000 shows as a cap (a second page exists), and one deleted Lead. */
function ensureLeads(): void {
	const missing = 1100 - sb.records('Leads').length;
	for (let i = 0; i < missing; i++) sb.insert('Leads', { last_name: `Probe ${i}`, status: 'New' });
	// A deleted row, as real tables have: how service2's count composes shows on it, and that deleted rows are listed.
	if (!sb.records('Leads', { includeDeleted: true }).some((r) => r.deleted === '1')) {
		sb.remove('Leads', String(sb.insert('Leads', { last_name: 'Deleted before the probe', status: 'New' }).id));
	}
}

beforeAll(async () => {
	sb = new SarvCrmSandbox({ port: 0 });
	target = { url: await sb.start(), utype: sb.utype, username: 'admin', password: PASSWORD };
	ensureLeads();
});
afterAll(() => sb.stop());

/** deletedRows=hidden: read-only, hidden rows cannot be told from none (the write check below names it). */
const variants = profileVariants().filter((v) => !UNPROBED_SWITCHES.includes(v.key) && !(v.key === 'deletedRows' && v.value === 'hidden'));
/** What the probe may call on service2: logins, logouts, counts and listings, the rest with a session never issued. */
const SERVICE2_READS = new Set(['service2.login', 'service2.logout', 'service2.get_entries_count', 'service2.get_entry_list']);

/**
 * What the probe can tell of a profile: every switch, except that under a cap of 1 every
 * `limit` gives one record, so honouring it or not looks the same (reported as unknown), and
 * without service2 nothing tells whether it lists deleted rows.
 */
const expectedFindings = (profile: SandboxProfile): Record<string, unknown> => ({
	...profile,
	...(profile.pageCap === 1 ? { honoursLimit: 'unknown' } : {}),
	// A parenthesised count looks like one over a table without deleted rows: not told apart.
	...(profile.service2CountQuery === 'parenthesised' ? { service2CountQuery: 'unknown' } : {}),
	// Without service2 nothing of how it composes or fails shows, and no listing can show a deleted row.
	...(profile.service2 === 'absent'
		? { service2CountQuery: 'unknown', service2DbFailure: 'unknown', service2MissingArguments: 'unknown', deletedRows: 'unknown' }
		: {}),
});

async function probeUnder(profile: SandboxProfile): Promise<{ byKey: Record<string, unknown>; report: string }> {
	sb.setProfile(profile);
	ensureLeads();
	sb.clearLog();
	const findings = await probe(target);
	return { byKey: Object.fromEntries(findings.map((f: Finding) => [f.key, f.value])), report: renderReport(target, findings) };
}

it.each(variants.map((v) => [v.key, v.value, v.profile] as const))('names %s = %s', async (key, _value, profile) => {
	const before = sb.records('Leads').length;
	const { byKey, report } = await probeUnder(profile);

	expect(byKey[key]).toBe(expectedFindings(profile)[key]);
	// Every other switch is at its default and is named as such too.
	const expected = Object.entries(expectedFindings(profile)).filter(([k]) => !UNPROBED_SWITCHES.includes(k));
	expect(byKey).toEqual(expect.objectContaining(Object.fromEntries(expected)));
	expect(report).toContain(`| \`${key}\` | \`${String(expectedFindings(profile)[key])}\` |`);

	const v5 = sb.log.filter((e) => !e.method.startsWith('service2.'));
	expect(new Set(v5.map((e) => e.method))).toEqual(new Set(['Login', 'Retrieve', 'GetModuleFields']));
	const withSession = sb.log.filter((e) => e.method.startsWith('service2.') && e.authorized).map((e) => e.method);
	expect(withSession.every((m) => SERVICE2_READS.has(m))).toBe(true);
	expect(sb.records('Leads').length).toBe(before);
	expect(report).not.toContain(PASSWORD);
	expect(report).not.toContain(md5(PASSWORD));
});

it.each([
	[
		{ pageCap: 20, honoursLimit: false },
		{ pageCap: 20, honoursLimit: false },
	],
	[
		{ pageCap: 1, honoursLimit: false },
		{ pageCap: 1, honoursLimit: 'unknown' },
	],
	[
		{ pageCap: 20, unorderedWithoutOrderBy: true },
		{ pageCap: 20, unorderedWithoutOrderBy: true },
	],
	[
		{ pageCap: 1, unorderedWithoutOrderBy: true },
		{ pageCap: 1, honoursLimit: 'unknown', unorderedWithoutOrderBy: true },
	],
] as const)('under %j names %j', async (changes, named) => {
	const { byKey, report } = await probeUnder({ ...DEFAULT_PROFILE, ...changes });
	const expected = Object.entries({ ...expectedFindings({ ...DEFAULT_PROFILE, ...changes }), ...named }).filter(
		([k]) => !UNPROBED_SWITCHES.includes(k),
	);
	expect(byKey).toEqual(expect.objectContaining(Object.fromEntries(expected)));
	expect(report).toContain(`| \`pageCap\` | \`${changes.pageCap}\` |`);
});

describe('deleted rows', () => {
	it('read-only under deletedRows=hidden: unknown, and says how to tell', async () => {
		const { byKey, report } = await probeUnder({ ...DEFAULT_PROFILE, deletedRows: 'hidden' });
		expect(byKey.deletedRows).toBe('unknown');
		expect(report).toMatch(/the server hides them, or none was deleted; SARVCRM_PROBE_WRITE=1 checks/);
		expect(sb.log.some((e) => e.method === 'Save')).toBe(false);
	});

	it('service2 absent: unknown, nothing listed', async () => {
		const { byKey } = await probeUnder({ ...DEFAULT_PROFILE, service2: 'absent' });
		expect(byKey.deletedRows).toBe('unknown');
	});

	it.each(['listed', 'hidden'] as const)(
		'with SARVCRM_PROBE_WRITE=1 under deletedRows=%s: one test Lead created and deleted, the value named',
		async (deletedRows) => {
			sb.setProfile({ ...DEFAULT_PROFILE, deletedRows });
			ensureLeads();
			const before = sb.records('Leads').length;
			sb.clearLog();
			const writer = { ...target, writes: true };
			const findings = await probe(writer);
			const found = findings.find((f) => f.key === 'deletedRows')!;
			expect(found.value).toBe(deletedRows);
			if (deletedRows === 'listed') expect(found.evidence).toMatch(/date_modified moved at deletion/);
			expect(renderReport(writer, findings)).toContain('one write, opted in (SARVCRM_PROBE_WRITE=1');
			// The one write: a create and its delete; no live record is left behind.
			expect(sb.log.filter((e) => e.method === 'Save').map((e) => e.httpMethod)).toEqual(['POST', 'DELETE']);
			expect(sb.records('Leads').length).toBe(before);
		},
	);

	it('reads SARVCRM_PROBE_WRITE=1 as the opt-in, and nothing else', async () => {
		const env = { SARVCRM_URL: 'https://crm.example/API.php', SARVCRM_UTYPE: 'acme', SARVCRM_USERNAME: 'api', SARVCRM_PASSWORD: 'secret' };
		expect((await readTarget({ ...env, SARVCRM_PROBE_WRITE: '1' }, false)).writes).toBe(true);
		expect((await readTarget({ ...env, SARVCRM_PROBE_WRITE: 'yes' }, false)).writes).toBeUndefined();
		await expect(probe({ ...target, writes: false }).then(() => 'read')).resolves.toBe('read');
	});
});

it('covers every value of every switch', () => {
	expect(variants.length).toBeGreaterThanOrEqual(25);
});

describe('reading the target', () => {
	const env = { SARVCRM_URL: 'https://crm.example/API.php', SARVCRM_UTYPE: 'acme', SARVCRM_USERNAME: 'api', SARVCRM_PASSWORD: 'secret' };
	it('takes the four environment variables', async () => {
		expect(await readTarget(env, false)).toEqual({ url: env.SARVCRM_URL, utype: 'acme', username: 'api', password: 'secret' });
	});
	it('without a terminal, names the missing variable (not its value)', async () => {
		await expect(readTarget({ ...env, SARVCRM_PASSWORD: '' }, false)).rejects.toThrow('SARVCRM_PASSWORD is not set');
	});
	it('refuses a URL that is not http(s)', async () => {
		await expect(readTarget({ ...env, SARVCRM_URL: 'ftp://x/API.php' }, false)).rejects.toThrow(/http/);
	});
	it('a wrong password stops the probe with the server message only', async () => {
		sb.setProfile({ ...DEFAULT_PROFILE });
		const error = await probe({ ...target, password: 'wrong-pass' }).catch((e: Error) => e);
		expect(String(error)).toMatch(/Login failed \(HTTP 401\): Login attempt failed/);
		expect(String(error)).not.toContain('wrong-pass');
	});
});

describe('npm run probe (the CLI in a child process)', () => {
	const ROOT = path.resolve(__dirname, '../../..');
	/** The CLI from its TypeScript source, compiled on the fly as the bench does; stdin is not a terminal. */
	const runCli = (env: Record<string, string>) =>
		new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
			const child = execFile(
				process.execPath,
				['-r', './bench/register.js', 'scripts/probe/cli.ts'],
				{ cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
				(error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
			);
			child.stdin?.end();
		});

	it('prints the report on stdout from the environment variables, never the password', async () => {
		sb.setProfile({ ...DEFAULT_PROFILE, timeStorage: 'tehran' });
		const { code, stdout, stderr } = await runCli({
			SARVCRM_URL: target.url,
			SARVCRM_UTYPE: target.utype,
			SARVCRM_USERNAME: 'admin',
			SARVCRM_PASSWORD: PASSWORD,
		});
		expect(code).toBe(0);
		expect(stdout).toMatch(/^## SarvCRM conformance probe/);
		expect(stdout).toContain('| `timeStorage` | `tehran` |');
		for (const out of [stdout, stderr]) {
			expect(out).not.toContain(PASSWORD);
			expect(out).not.toContain(md5(PASSWORD));
		}
	}, 30_000);
});
