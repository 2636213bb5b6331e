/**
 * What every scenario shares: the sandbox settings of issue 7, a harness per scenario
 * (its sandbox in a child process), a raw `fetch` client (the peer every ratio is
 * measured against) and timing helpers.
 */
import { createHash } from 'node:crypto';

import { startHarness, type Harness, type HarnessOptions } from '../test/harness';
import type { SandboxOptions } from '../test/sandbox/server';
import { RemoteSandbox } from './remote-sandbox';

/** Issue 7: fixed per-request latency and the API's page cap. */
export const LATENCY_MS = 20;
export const PAGE_CAP = 300;

/** One line of the results table. `pass` undefined = information only. */
export interface Row {
	scenario: string;
	metric: string;
	value: string;
	target: string;
	pass?: boolean;
	/** Why a target is missed: printed under the table when the row fails. */
	note?: string;
}

export interface Scenario {
	id: string;
	title: string;
	run(): Promise<Row[]>;
}

/** Row builder bound to one scenario's name. */
export function rows(scenario: string) {
	const list: Row[] = [];
	return {
		list,
		check(metric: string, value: number | string, target: string, pass: boolean, whyIfMissed?: string): boolean {
			list.push({ scenario, metric, value: String(value), target, pass, ...(pass || !whyIfMissed ? {} : { note: whyIfMissed }) });
			return pass;
		},
		info(metric: string, value: number | string, note = '—'): void {
			list.push({ scenario, metric, value: String(value), target: note });
		},
	};
}

export type BenchHarness = Harness<RemoteSandbox>;

/** Runs `body` on a fresh bench harness and always closes it (and its sandbox process). */
export async function withBenchHarness(
	body: (h: BenchHarness) => Promise<void>,
	options: Parameters<typeof benchHarness>[0] = {},
): Promise<void> {
	const h = await benchHarness(options);
	try {
		await body(h);
	} finally {
		await h.close();
	}
}

/**
 * A harness on a sandbox of its own, in a child process like a real SarvCRM is a server
 * elsewhere: its work and garbage stay out of the measured process; the node and the raw
 * `fetch` peer both reach it over loopback HTTP. Own port, so also its own credential
 * identity in the node's process-wide login cache: scenarios never share a token or a login.
 */
export async function benchHarness(
	options: Omit<HarnessOptions, 'sandbox'> & { sandbox?: Partial<SandboxOptions> } = {},
): Promise<BenchHarness> {
	const sandbox = await RemoteSandbox.spawn({ latencyMs: LATENCY_MS, pageCap: PAGE_CAP, seed: false, ...options.sandbox });
	try {
		// Scenarios 1-12 measure one call per item and pages one after another: node version 1.1.
		// The bulk-write and parallel-paging scenarios ask for version 1.2 themselves.
		const h = await startHarness({ nodeVersion: 1.1, ...options, sandbox });
		return {
			...h,
			close: async () => {
				try {
					await h.close();
				} finally {
					await sandbox.stop();
				}
			},
		};
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmtMs = (ms: number) => `${Math.round(ms)} ms`;
export const fmtRatio = (r: number) => r.toFixed(2);

/**
 * What a hand-written integration does with plain `fetch`: log in (MD5 of the password),
 * then call API.php with the Bearer token. No n8n, no node code.
 */
export class RawClient {
	token = '';

	constructor(
		readonly url: string,
		private readonly login: { utype: string; username: string; password: string; language?: string } = {
			utype: 'demo',
			username: 'admin',
			password: 'sarv-demo',
		},
	) {}

	async logIn(): Promise<string> {
		const body = {
			utype: this.login.utype,
			user_name: this.login.username,
			password: createHash('md5').update(this.login.password, 'utf8').digest('hex'),
			language: this.login.language ?? 'en_US',
		};
		const reply = (await this.call('Login', 'POST', undefined, body, false)) as { data: { token: string } };
		this.token = reply.data.token;
		return this.token;
	}

	async call(method: string, httpMethod: string, module?: string, body?: unknown, auth = true): Promise<{ status: number; data: unknown }> {
		const qs = new URLSearchParams({ method, ...(module ? { module } : {}) });
		const response = await fetch(`${this.url}?${qs}`, {
			method: httpMethod,
			headers: {
				Accept: 'application/json',
				...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				...(auth ? { Authorization: `Bearer ${this.token}` } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await response.json()) as { status: number; data: unknown };
		if (!response.ok) throw new Error(`${method} answered HTTP ${response.status}: ${JSON.stringify(json).slice(0, 200)}`);
		return json;
	}

	/** Return All by hand: pages of `pageSize` until one comes back short. */
	async retrieveAll(module: string, pageSize = PAGE_CAP, request: Record<string, unknown> = {}): Promise<unknown[]> {
		const records: unknown[] = [];
		for (let offset = 0; ; offset += pageSize) {
			const { data } = await this.call('Retrieve', 'POST', module, { ...request, limit: pageSize, offset });
			const page = Array.isArray(data) ? data : [];
			records.push(...page);
			if (page.length < pageSize) return records;
		}
	}
}

/** Seeds `count` Leads into the sandbox store with one admin call (no API call, no log entry). */
export async function seedLeads(h: BenchHarness, count: number): Promise<string[]> {
	const records = Array.from({ length: count }, (_, i) => ({
		first_name: 'Bench',
		last_name: `Lead ${i}`,
		status: 'New',
		lead_source: 'Web Site',
	}));
	return await h.sandbox.insertMany('Leads', records);
}

/** Runs one execution so the credential holds a valid token, then empties the sandbox log. */
export async function warmUp(h: BenchHarness): Promise<void> {
	(await h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: false, limit: 1 })).assertSuccess();
	if (!h.credentials.token()) throw new Error('warm-up left no session token stored');
	await h.sandbox.clearLog();
}
