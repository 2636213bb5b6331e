/**
 * Typed access to the queue-mode stack of scripts/queue/ (plain JS shared with the bench),
 * plus the reads the scenarios assert on: executions in Postgres and per-worker logs.
 */
import type { Flavour, Server } from '../e2e/helpers';

export interface Worker extends Omit<Server, 'url'> {
	index: number;
	name: string;
}

export interface QueueStack {
	f: Flavour;
	dir: string;
	userFolder: string;
	ports: { redis: number; postgres: number; sandbox: number; main: number };
	main: Server;
	workers: Worker[];
	env: Record<string, string>;
	query<T = Record<string, unknown>>(sql: string): T[];
	cli(args: string[]): Promise<{ stdout: string; stderr: string }>;
	stop(): Promise<void>;
}

interface QueueScripts {
	startQueueStack(opts: {
		workers?: number;
		concurrency?: number;
		pack?: { tarball: string; sha256: string };
		setup?: (stack: QueueStack) => Promise<void>;
		env?: Record<string, string>;
	}): Promise<QueueStack>;
	killWorker(stack: QueueStack, index: number): Promise<void>;
	stopWorker(stack: QueueStack, index: number): Promise<void>;
	importActiveWorkflows(stack: QueueStack, workflows: unknown[]): Promise<void>;
	restartWorker(stack: QueueStack, index: number, concurrency?: number): Promise<Worker>;
	queuePorts(): QueueStack['ports'];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const queue = { ...require('../../scripts/queue/stack'), ...require('../../scripts/queue/ports') } as QueueScripts;

export interface ExecutionRow {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
}

export function executions(stack: QueueStack, workflowId: string): ExecutionRow[] {
	return stack.query<ExecutionRow>(
		`SELECT id::text AS id, status, finished, mode FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY id`,
	);
}

/** Execution ids a worker's log says it started ("Worker started execution <id> (job <n>)"). */
export function startedBy(worker: Pick<Worker, 'logs'>): string[] {
	return [...worker.logs().matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

type Maybe<T> = T | undefined | null | false;

/** Polls `probe` until it returns a truthy value, and returns that value. */
export async function waitFor<T>(probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
		await sleep(everyMs);
	}
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: any; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text };
}
