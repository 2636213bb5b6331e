/**
 * A SarvCRM sandbox running in a child process (sandbox-process.ts), steered and read
 * through its `/__sandbox/*` admin endpoints over loopback HTTP. It mirrors the
 * `SarvCrmSandbox` methods the scenarios use, asynchronous since each is an HTTP call,
 * and is handed to `startHarness({ sandbox })` as a caller-owned sandbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { SandboxLogEntry, SandboxOptions } from '../test/sandbox/server';

const BENCH = __dirname;
const STARTUP_TIMEOUT_MS = 30_000;

interface Counts {
	total: number;
	byMethod: Record<string, number>;
	maxInFlight: number;
}

export class RemoteSandbox {
	readonly adminUrl: string;

	private constructor(
		readonly url: string,
		private readonly child: ChildProcess,
	) {
		this.adminUrl = url.replace(/\/API\.php$/, '/__sandbox');
	}

	/** Starts a sandbox process with these options and resolves once it listens. */
	static async spawn(options: SandboxOptions = {}): Promise<RemoteSandbox> {
		const child = spawn(
			process.execPath,
			['-r', path.join(BENCH, 'register.js'), path.join(BENCH, 'sandbox-process.ts'), JSON.stringify(options)],
			{
				stdio: ['pipe', 'pipe', 'inherit'],
			},
		);
		try {
			const url = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('the sandbox process did not start in time')), STARTUP_TIMEOUT_MS);
				child.once('error', reject);
				child.once('exit', (code) => reject(new Error(`the sandbox process exited (code ${code}) before listening`)));
				createInterface({ input: child.stdout! }).once('line', (line) => {
					clearTimeout(timer);
					resolve((JSON.parse(line) as { url: string }).url);
				});
			});
			child.removeAllListeners('exit');
			return new RemoteSandbox(url, child);
		} catch (error) {
			child.kill('SIGTERM');
			throw error;
		}
	}

	/** For the harness: the API URL (the process already listens). */
	async start(): Promise<string> {
		return this.url;
	}

	/** Ends the child process (closing its stdin stops it) and waits for it to exit. */
	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.stdin?.end();
		const timer = setTimeout(() => this.child.kill('SIGTERM'), 5_000);
		await exited;
		clearTimeout(timer);
	}

	private async admin<T>(route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.adminUrl}/${route}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await response.json()) as T & { error?: string };
		if (!response.ok) throw new Error(`sandbox admin ${route}: HTTP ${response.status} ${json.error ?? ''}`);
		return json;
	}

	async counts(): Promise<Counts> {
		return await this.admin<Counts>('counts');
	}

	/** API calls logged since the last clearLog(), of one method or all. */
	async calls(method?: string): Promise<number> {
		const counts = await this.counts();
		return method === undefined ? counts.total : (counts.byMethod[method] ?? 0);
	}

	async log(): Promise<SandboxLogEntry[]> {
		return await this.admin<SandboxLogEntry[]>('log');
	}

	async clearLog(): Promise<void> {
		await this.admin('clear-log', {});
	}

	/** Most API requests in flight at once since the last clearLog(). */
	async maxInFlight(): Promise<number> {
		return (await this.counts()).maxInFlight;
	}

	async expireAllTokens(): Promise<void> {
		await this.admin('expire-tokens', {});
	}

	async insert(module: string, record: Record<string, unknown>): Promise<Record<string, unknown>> {
		return await this.admin('insert', { module, record });
	}

	/** Bulk insert (one admin call); resolves the new ids in order. */
	async insertMany(module: string, records: Array<Record<string, unknown>>): Promise<string[]> {
		return (await this.admin<{ ids: string[] }>('insert', { module, records })).ids;
	}

	/** The next `count` calls of a method fail with this fault. */
	async failNext(count: number, fault: Record<string, unknown>, onlyMethod?: string): Promise<void> {
		await this.admin('fail-next', { count, fault, onlyMethod });
	}

	/** The next set_entries batch fails at its Nth record, or writes and drops the connection. */
	async bulkFaults(faults: { failAtRecord?: number; dropAfterWrite?: boolean }): Promise<void> {
		await this.admin('service2/bulk-faults', faults);
	}

	async records(module: string): Promise<Array<Record<string, unknown>>> {
		return await this.admin(`records?module=${encodeURIComponent(module)}`);
	}
}
