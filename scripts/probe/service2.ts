/**
 * The probe's service2 check, read-only: does `service2/v4_1/rest.php` answer, which encodings it
 * reads (a login with an empty user in each: a server that reads it refuses it, code 10), what each
 * method answers (called with a session the server never issued, and only the arguments it needs
 * to name a module), and, with the credential's user logged in (one login, then logout), how its
 * count composes and fails. Every check is isolated: whatever one method answers (a PHP fatal, an
 * HTML page, an HTTP 500 with an empty body) is that method's answer, and the probe goes on.
 */
import { randomBytes } from 'crypto';

import { findSarvApiError } from '../../nodes/core/errors';
import { Service2Client } from '../../nodes/core/service2/client';
import {
	ENCODINGS,
	SERVICE2_METHOD_NAMES,
	SERVICE2_PARAMS,
	type ReplyShape,
	type Service2Encoding,
} from '../../nodes/core/service2/protocol';
import { EMPTY_LOGIN, sendOnce } from '../../nodes/core/service2/exchange';
import type { HttpRequester } from '../../nodes/core/login';
import type { Finding } from './checks';
import type { ProbeTarget } from './http';
import { fetchRequester } from './requester';

/** What one method answered: it exists (and may need its arguments), is absent, is refused, or something else. */
export type MethodAnswer = 'present' | 'present, needs arguments' | 'absent' | 'refused' | `unclear: ${string}`;

/** The switches a logged-in service2 session shows (see the sandbox's profile.ts). */
export interface Service2Behaviour {
	service2MissingArguments: 'defaults' | 'http-500-empty' | 'unknown';
	service2DbFailure: 'error-1001' | 'failure-page' | 'unknown';
	service2CountQuery: 'unparenthesised' | 'unknown';
	evidence: string[];
}

export interface Service2Report {
	url: string;
	value: 'json' | 'form' | 'both' | 'absent' | 'unknown';
	/** What each encoding's empty login got back */
	encodings: Record<Service2Encoding, string>;
	/** Method name → what it answered; empty when the service does not answer */
	methods: Record<string, MethodAnswer>;
	login: string;
	behaviour: Service2Behaviour;
}

const UNKNOWN_BEHAVIOUR: Service2Behaviour = {
	service2MissingArguments: 'unknown',
	service2DbFailure: 'unknown',
	service2CountQuery: 'unknown',
	evidence: [],
};

/** PHP's words for a call whose arguments do not fit the method (it exists). */
const ARGUMENT_ERROR = /ArgumentCountError|Too few arguments|Unknown named parameter/i;

/**
 * One method, called with a session the server never issued: any JSON answer (10, 11) means it
 * ran; `invalid_call` or a 404 that it is absent; 401/403 or error 40 a refusal; an HTTP 500 with
 * an empty body (PHP 8's ArgumentCountError) or PHP's words for it, that it needs its arguments.
 */
export async function methodAnswer(request: HttpRequester, url: string, encoding: Service2Encoding, method: string): Promise<MethodAnswer> {
	const names = (SERVICE2_PARAMS as Record<string, readonly string[]>)[method] ?? [];
	const args = { session: randomBytes(13).toString('hex'), ...(names.includes('module_name') ? { module_name: 'Accounts' } : {}) };
	const shape = await sendOnce(request, url, encoding, method, args).catch((error: unknown) => ({
		type: 'thrown' as const,
		message: findSarvApiError(error)?.failure.message ?? (error as Error).message,
	}));
	switch (shape.type) {
		case 'json':
			return String(shape.body?.number ?? '') === '40' ? 'refused' : 'present';
		case 'absent':
		case 'notUnderstood':
			return 'absent';
		case 'thrown':
			return `unclear: ${short(shape.message)}`;
		default:
			if (shape.status === 401 || shape.status === 403) return 'refused';
			if (shape.status === 500 && (!shape.text.trim() || ARGUMENT_ERROR.test(shape.text))) return 'present, needs arguments';
			return `unclear: HTTP ${shape.status}${shape.text.trim() ? ` ("${short(shape.text.trim(), 60)}")` : ', empty body'}`;
	}
}

/**
 * With the credential's session: how a query that fails in the database is answered (an unknown
 * column), and whether the count parenthesises the caller's query (`1 = 1 OR 1 = 0` counts more
 * than no query only where `<query> AND deleted = 0` lets deleted rows in; equal says nothing,
 * as a table without deleted rows gives the same). Each call is isolated.
 */
async function behaviourOf(client: Service2Client, methods: Record<string, MethodAnswer>): Promise<Service2Behaviour> {
	const answers = Object.values(methods);
	const behaviour: Service2Behaviour = {
		...UNKNOWN_BEHAVIOUR,
		evidence: [],
		service2MissingArguments: answers.includes('present, needs arguments')
			? 'http-500-empty'
			: answers.length && answers.every((a) => a === 'present' || a === 'absent')
				? 'defaults'
				: 'unknown',
	};
	const count = async (query: string) =>
		await client.call('get_entries_count', { module_name: 'Leads', query, deleted: 0 }, { module: 'Leads' }).then(
			(body) => ({ value: Number(body?.result_count) }),
			(error: unknown) => ({ error: findSarvApiError(error)?.failure }),
		);
	const broken = await count('leads.probe_no_such_column_c = 1');
	if ('error' in broken && broken.error) {
		const { httpStatus, code, message } = broken.error;
		behaviour.service2DbFailure = httpStatus !== undefined && httpStatus >= 500 ? 'failure-page' : code === 1001 ? 'error-1001' : 'unknown';
		behaviour.evidence.push(
			`an unknown column: ${code !== undefined ? `error ${code}` : `HTTP ${httpStatus ?? '?'}`} ("${short(message, 60)}")`,
		);
	}
	const [all, either] = [await count(''), await count('1 = 1 OR 1 = 0')];
	if ('value' in all && 'value' in either) {
		if (either.value > all.value) behaviour.service2CountQuery = 'unparenthesised';
		behaviour.evidence.push(`Leads counted ${all.value} with no query, ${either.value} with \`1 = 1 OR 1 = 0\``);
	}
	return behaviour;
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
		const shape = await sendOnce(request, client.url, encoding, 'login', EMPTY_LOGIN).catch(
			(error: unknown): ReplyShape => ({ type: 'other', status: 0, text: findSarvApiError(error)?.failure.message ?? String(error) }),
		);
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
	if (!read.length) return { url: client.url, value, encodings, methods: {}, login: 'not tried', behaviour: UNKNOWN_BEHAVIOUR };
	const methods: Record<string, MethodAnswer> = {};
	for (const method of SERVICE2_METHOD_NAMES) methods[method] = await methodAnswer(request, client.url, read[0], method);
	let login = 'ok';
	let behaviour = UNKNOWN_BEHAVIOUR;
	try {
		await client.login();
		behaviour = await behaviourOf(client, methods);
		await client.logout();
	} catch (error) {
		const failure = findSarvApiError(error)?.failure;
		login = `failed: ${failure?.code !== undefined ? `code ${failure.code}, ` : ''}${failure?.message ?? (error as Error).message}`;
	}
	return { url: client.url, value, encodings, methods, login, behaviour };
}

export function service2Finding(report: Service2Report): Finding {
	const u = new URL(report.url);
	const names = Object.entries(report.methods);
	const missing = names.filter(([, answer]) => !answer.startsWith('present')).map(([m, answer]) => `${m} (${answer})`);
	const methods = names.length
		? `; methods: ${names.length - missing.length} of ${names.length} present${missing.length ? `, not: ${missing.join(', ')}` : ''}`
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

/** The switches of how service2 composes and fails, each its own row. */
export function service2BehaviourFindings(report: Service2Report): Finding[] {
	const { behaviour } = report;
	const answered = Object.entries(report.methods)
		.map(([m, answer]) => `${m}: ${answer}`)
		.join('; ');
	const seen = behaviour.evidence.join('; ') || 'no logged-in call made';
	return [
		{
			key: 'service2MissingArguments',
			point: 'A service2 method called with too few arguments',
			value: behaviour.service2MissingArguments,
			evidence: answered || 'service2 not read',
		},
		{ key: 'service2DbFailure', point: 'A service2 query that fails in the database', value: behaviour.service2DbFailure, evidence: seen },
		{
			key: 'service2CountQuery',
			point: "Whether service2's count parenthesises the caller's query",
			value: behaviour.service2CountQuery,
			evidence: `${seen}${behaviour.service2CountQuery === 'unknown' ? ' (equal: parenthesised, or no deleted rows to tell)' : ''}`,
		},
	];
}
