/** The probe's service2 check against the sandbox under each value of its `service2` switch. */
import { probe, renderReport } from '../../../scripts/probe/probe';
import { probeService2, service2Finding } from '../../../scripts/probe/service2';
import { SERVICE2_METHOD_NAMES } from '../../../nodes/core/service2/protocol';
import { DEFAULT_PROFILE, SarvCrmSandbox, SUITECRM7_PHP8, type SandboxProfile } from '../../sandbox';
import { md5 } from '../../sandbox/auth';

const PASSWORD = 'sarv-demo';
let sb: SarvCrmSandbox;
let target: { url: string; utype: string; username: string; password: string; service2Url?: string };

beforeAll(async () => {
	sb = new SarvCrmSandbox({ port: 0 });
	target = { url: await sb.start(), utype: sb.utype, username: 'admin', password: PASSWORD };
});
afterAll(() => sb.stop());
beforeEach(() => {
	sb.setProfile({ ...DEFAULT_PROFILE });
	sb.clearLog();
});

const allMethods = Object.fromEntries(SERVICE2_METHOD_NAMES.map((m) => [m, 'present']));

describe.each(['json', 'form', 'both'] as const)('service2=%s', (value: SandboxProfile['service2']) => {
	it('names the encoding, finds every method, logs in and out, writes nothing', async () => {
		sb.setProfile({ service2: value });
		const notes = JSON.stringify(sb.records('Notes'));
		const report = await probeService2(target);
		expect(report).toMatchObject({ value, methods: allMethods, login: 'ok' });
		expect(report.encodings.json).toMatch(value === 'form' ? /^not read/ : /^read \(empty login answered error 10\)/);
		expect(report.encodings.form).toMatch(value === 'json' ? /^not read/ : /^read/);
		const finding = service2Finding(report);
		expect(finding).toMatchObject({ key: 'service2', value });
		expect(finding.evidence).toContain(`methods: ${SERVICE2_METHOD_NAMES.length} of ${SERVICE2_METHOD_NAMES.length} present`);
		expect(finding.evidence).not.toContain(sb.utype);
		expect(JSON.stringify(sb.records('Notes'))).toBe(notes);
		expect(sb.service2.activeSessions).toBe(0);
		const withSession = sb.log.filter((e) => e.method.startsWith('service2.') && e.authorized).map((e) => e.method);
		// With the credential's session: the counts that show how it composes and fails, then logout.
		expect(new Set(withSession)).toEqual(new Set(['service2.get_entries_count', 'service2.logout']));
		expect(withSession.at(-1)).toBe('service2.logout');
	});
});

it('service2=absent: reported absent, no methods, nothing else tried', async () => {
	sb.setProfile({ service2: 'absent' });
	const report = await probeService2(target);
	expect(report).toMatchObject({ value: 'absent', methods: {}, login: 'not tried', encodings: { json: 'HTTP 404', form: 'HTTP 404' } });
	expect(sb.log.filter((e) => e.method.startsWith('service2.'))).toHaveLength(2);
});

it('a method the server lacks is reported missing', async () => {
	const invalidCall = {
		name: 'An Undefined Error - invalid_call occurred',
		number: '-1',
		description: 'There is no error definition for invalid_call',
	};
	sb.failNext(1, { type: 'status', status: 200, body: { ...invalidCall, server_response_status: 400 } }, 'service2.set_entries');
	const report = await probeService2(target);
	expect(report.methods).toEqual({ ...allMethods, set_entries: 'absent' });
	expect(service2Finding(report).evidence).toContain('not: set_entries (absent)');
});

it("a login the service refuses is reported with its code, never the password; the target's service2 URL is used", async () => {
	const report = await probeService2({ ...target, password: 'wrong-pass' });
	expect(report.login).toMatch(/^failed: code 10, SarvCRM service2 login failed/);
	expect(JSON.stringify(report)).not.toContain('wrong-pass');
	expect(JSON.stringify(report)).not.toContain(md5('wrong-pass'));
	const elsewhere = await probeService2({ ...target, service2Url: target.url.replace(/API\.php$/, 'old/rest.php') });
	expect(elsewhere.value).toBe('absent');
	expect(elsewhere.url).toContain('/old/rest.php');
});

it('the full report has the service2 row and a table of its methods', async () => {
	sb.setProfile({ service2: 'form' });
	const text = renderReport(target, await probe(target));
	expect(text).toContain('| `service2` | `form` |');
	expect(text).toContain('| `get_note_attachment` | present |');
	expect(text).toContain('Not probed: `uploadLimit`');
	expect(text).toMatch(/--profile .*service2=form/);
	expect(text).not.toContain(PASSWORD);
	expect(text).not.toContain(md5(PASSWORD));
});

describe('SuiteCRM 7 on PHP 8: every check isolated, the probe goes on', () => {
	beforeEach(() => sb.setProfile({ ...DEFAULT_PROFILE, ...SUITECRM7_PHP8 }));

	it('completes and reports each method: called with too few arguments, HTTP 500 with an empty body, "present, needs arguments"', async () => {
		// A deleted lead, as every real table has: the count's unparenthesised clause shows on it.
		sb.insert('Leads', { last_name: 'Deleted', status: 'New', deleted: '1' });
		const report = await probeService2(target);
		expect(report.value).toBe('form');
		expect(report.login).toBe('ok');
		// Each is called with a session and, where it takes one, a module: logout and get_module_fields need no more.
		const enough = new Set(['logout', 'get_module_fields']);
		expect(report.methods).toEqual(
			Object.fromEntries(SERVICE2_METHOD_NAMES.map((m) => [m, enough.has(m) ? 'present' : 'present, needs arguments'])),
		);
		expect(report.behaviour).toMatchObject({
			service2MissingArguments: 'http-500-empty',
			service2DbFailure: 'failure-page',
			service2CountQuery: 'unparenthesised',
		});
		const text = renderReport(target, await probe(target));
		expect(text).toContain('| `get_entries_count` | present, needs arguments |');
		expect(text).toContain('| `service2DbFailure` | `failure-page` |');
		expect(text).toMatch(/--profile .*customFieldTable=cstm.*service2=form.*service2MissingArguments=http-500-empty/s);
	});

	it.each([
		[
			'a PHP fatal',
			{ type: 'status', status: 500, body: '<b>Fatal error</b>: Uncaught ArgumentCountError: Too few arguments' },
			'present, needs arguments',
		],
		['an HTML page', { type: 'html', status: 502 }, 'unclear: HTTP 502'],
		['HTTP 403', { type: 'status', status: 403, body: { status: 403, message: 'You do not have access.' } }, 'refused'],
		['a dropped connection', { type: 'drop' }, 'unclear: '],
	] as const)("%s from one method is that method's answer; the others are still checked", async (_name, fault, answer) => {
		sb.setProfile({ ...DEFAULT_PROFILE });
		sb.failNext(1, fault, 'service2.get_note_attachment');
		const report = await probeService2(target);
		expect(report.methods.get_note_attachment.startsWith(answer)).toBe(true);
		expect(report.methods).toEqual({ ...allMethods, get_note_attachment: report.methods.get_note_attachment });
		expect(report.login).toBe('ok');
	});
});
