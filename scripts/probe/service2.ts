/**
 * The probe's service2 check, read-only: does `service2/v4_1/rest.php` answer, which encodings it
 * reads (a login with an empty user in each: a server that reads it refuses it, code 10), which
 * methods exist (each called with a session the server never issued), and whether the credential's
 * user can log in there (one login, then logout).
 */
import { findSarvApiError } from '../../nodes/core/errors';
import { Service2Client } from '../../nodes/core/service2/client';
import { ENCODINGS, SERVICE2_METHOD_NAMES, type Service2Encoding } from '../../nodes/core/service2/protocol';
import { EMPTY_LOGIN, sendOnce } from '../../nodes/core/service2/exchange';
import type { Finding } from './checks';
import type { ProbeTarget } from './http';
import { fetchRequester } from './requester';

export interface Service2Report {
	url: string;
	value: 'json' | 'form' | 'both' | 'absent' | 'unknown';
	/** What each encoding's empty login got back */
	encodings: Record<Service2Encoding, string>;
	/** Method name → exists; empty when the service does not answer */
	methods: Record<string, boolean>;
	login: string;
}

const short = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

export async function probeService2(target: ProbeTarget, fetchImpl: typeof fetch = fetch): Promise<Service2Report> {
	const request = fetchRequester(fetchImpl);
	const client = new Service2Client(request, {
		baseUrl: target.url,
		utype: target.utype,
		username: target.username,
		password: target.password,
		service2Url: target.service2Url,
	});
	const encodings = {} as Record<Service2Encoding, string>;
	const read: Service2Encoding[] = [];
	let absent = false;
	for (const encoding of ENCODINGS) {
		const shape = await sendOnce(request, client.url, encoding, 'login', EMPTY_LOGIN);
		if (shape.type === 'json') read.push(encoding);
		absent ||= shape.type === 'absent';
		encodings[encoding] =
			shape.type === 'json'
				? `read (empty login answered ${shape.body?.number !== undefined ? `error ${String(shape.body.number)}` : 'without an error'})`
				: shape.type === 'absent'
					? 'HTTP 404'
					: shape.type === 'notUnderstood'
						? `not read ("${short(shape.text)}")`
						: `HTTP ${shape.status}`;
	}
	const value = read.length === 2 ? 'both' : read.length === 1 ? read[0] : absent ? 'absent' : 'unknown';
	if (!read.length) return { url: client.url, value, encodings, methods: {}, login: 'not tried' };
	const methods: Record<string, boolean> = {};
	for (const method of SERVICE2_METHOD_NAMES) methods[method] = await client.methodExists(method);
	let login = 'ok';
	try {
		await client.login();
		await client.logout();
	} catch (error) {
		const failure = findSarvApiError(error)?.failure;
		login = `failed: ${failure?.code !== undefined ? `code ${failure.code}, ` : ''}${failure?.message ?? (error as Error).message}`;
	}
	return { url: client.url, value, encodings, methods, login };
}

export function service2Finding(report: Service2Report): Finding {
	const u = new URL(report.url);
	const names = Object.entries(report.methods);
	const missing = names.filter(([, exists]) => !exists).map(([m]) => m);
	const methods = names.length
		? `; methods: ${names.length - missing.length} of ${names.length} exist${missing.length ? `, missing ${missing.join(', ')}` : ''}`
		: '';
	return {
		key: 'service2',
		point: 'The older REST service (service2) and its encoding',
		value: report.value,
		evidence:
			`${u.origin}${u.pathname}: JSON body ${report.encodings.json}, form fields ${report.encodings.form}${methods}; ` +
			`login with the credential: ${report.login}`,
		...(names.length ? { methods: report.methods } : {}),
	};
}
