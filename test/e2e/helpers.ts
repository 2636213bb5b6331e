/**
 * Shared pieces of the e2e suite: a fresh n8n user folder with the packed package installed,
 * an in-process SarvCRM sandbox, the credential, and workflow builders.
 */
import { rmSync, mkdirSync } from 'fs';
import { join } from 'path';

import { SarvCrmSandbox } from '../sandbox/server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8n = require('../../scripts/n8n') as N8nHelpers;
export { n8n };

export interface Flavour {
	major: number;
	version: string;
	dir: string;
	nodeBin: string;
	n8nBin: string;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface ExecResult extends CliResult {
	ok: boolean;
	run?: IRunJson;
}

export interface IRunJson {
	data: {
		resultData: {
			runData: Record<string, Array<{ error?: { message: string }; data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>;
			error?: { message: string };
		};
	};
	status?: string;
	finished?: boolean;
}

export interface Server {
	url: string;
	pid: number;
	ready: Promise<void>;
	exit: Promise<{ code: number | null; signal: string | null }>;
	logs(): string;
	stop(): Promise<unknown>;
}

interface N8nHelpers {
	flavour(major?: string | number): Flavour;
	ensureN8n(major?: string | number, opts?: { quiet?: boolean }): Promise<Flavour>;
	isInstalled(f: Flavour): boolean;
	packPackage(): { tarball: string; sha256: string; files: number };
	installIntoUserFolder(userFolder: string, pack: { tarball: string; sha256: string }): boolean;
	runCli(f: Flavour, userFolder: string, args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
	runCliOk(f: Flavour, userFolder: string, args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
	executeWorkflow(f: Flavour, userFolder: string, id: string): Promise<ExecResult>;
	nodeOutput(run: IRunJson | undefined, node: string, opts?: { runIndex?: number; output?: number }): Array<Record<string, unknown>>;
	startServer(f: Flavour, userFolder: string, opts?: { port?: number; env?: Record<string, string>; echo?: boolean }): Server;
	/** resolves once n8n serves each production webhook (2.x activates after the editor is up) */
	waitForWebhooks(
		url: string,
		hooks: Array<{ method: string; path: string }>,
		opts?: { timeoutMs?: number; logs?: () => string },
	): Promise<void>;
	setupOwner(url: string): Promise<'created' | 'exists'>;
	login(url: string): Promise<{ api: (path: string, init?: RequestInit) => Promise<any>; cookie: string }>;
	owner(): { email: string; password: string };
	sarvCredential(c: {
		id?: string;
		name?: string;
		baseUrl: string;
		utype: string;
		username: string;
		password: string;
	}): Record<string, unknown>;
	importCredentials(f: Flavour, userFolder: string, creds: unknown[], opts?: { env?: Record<string, string> }): Promise<CliResult>;
	importWorkflows(f: Flavour, userFolder: string, workflows: unknown[], opts?: { env?: Record<string, string> }): Promise<CliResult>;
	activateWorkflows(f: Flavour, userFolder: string, ids: string[]): Promise<void>;
	readExamples(): Array<{ file: string; workflow: Workflow }>;
	ROOT: string;
}

export const CRED_ID = 'sarvCrmSandbox01';
export const CRED_REF = { sarvCrmApi: { id: CRED_ID, name: 'SarvCRM Sandbox' } };
export const PKG = 'n8n-nodes-sarvcrm';

export interface WfNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	onError?: string;
	id?: string;
	[k: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WfNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	[k: string]: unknown;
}

let nodeCounter = 0;

/** The production webhooks of some workflows (n8n's Webhook node: GET unless told). */
export function webhooksOf(workflows: Workflow[]): Array<{ method: string; path: string }> {
	return workflows.flatMap((wf) =>
		wf.nodes
			.filter((n) => n.type === 'n8n-nodes-base.webhook')
			.map((n) => ({ method: String(n.parameters.httpMethod ?? 'GET'), path: String(n.parameters.path) })),
	);
}

/** A SarvCRM node with the sandbox credential. */
export function sarv(name: string, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode {
	return {
		id: `e2e-node-${++nodeCounter}`,
		name,
		type: `${PKG}.sarvCrm`,
		typeVersion: 1,
		position: [200 * nodeCounter, 0],
		parameters,
		credentials: CRED_REF,
		...extra,
	};
}

export function manualTrigger(name = 'Start'): WfNode {
	return { id: `e2e-node-${++nodeCounter}`, name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

/** A workflow whose nodes run as a chain (each node feeds the next). */
export function chain(id: string, name: string, nodes: WfNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Manual Trigger feeding several independent nodes. */
export function fanOut(id: string, name: string, nodes: WfNode[]): Workflow {
	const start = manualTrigger();
	return {
		id,
		name,
		nodes: [start, ...nodes],
		connections: { [start.name]: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } },
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Field list input (name/value rows). */
export function fieldList(values: Record<string, string>) {
	return { fieldsInput: 'list', fields: { field: Object.entries(values).map(([name, value]) => ({ name, value })) } };
}

/** Resource mapper input, as the editor saves it (schema may be empty: no type checks). */
export function mapper(values: Record<string, unknown>, matchingColumns: string[] = []) {
	return {
		fieldsInput: 'mapper',
		columns: {
			mappingMode: 'defineBelow',
			value: values,
			matchingColumns,
			schema: [],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
	};
}

export interface E2eEnv {
	f: Flavour;
	userFolder: string;
	sandbox: SarvCrmSandbox;
	/** import several workflows with one n8n command */
	importAll(wfs: Workflow[]): Promise<void>;
	/** `n8n execute --id=<id> --rawOutput` */
	exec(id: string): Promise<ExecResult>;
	/** import + execute one workflow */
	run(wf: Workflow): Promise<ExecResult>;
	out(res: ExecResult, node: string): Array<Record<string, unknown>>;
	close(): Promise<void>;
}

/**
 * A fresh n8n user folder (`.n8n-e2e/<name>`), the packed package installed into its
 * `.n8n/nodes`, a seeded sandbox on a free port and the "SarvCRM Sandbox" credential.
 */
export async function createEnv(name: string, sandboxOptions: ConstructorParameters<typeof SarvCrmSandbox>[0] = {}): Promise<E2eEnv> {
	const f = await n8n.ensureN8n(process.env.E2E_N8N, { quiet: true });
	const tarball = process.env.E2E_TARBALL;
	const sha256 = process.env.E2E_TARBALL_SHA256;
	if (!tarball || !sha256) throw new Error('E2E_TARBALL is not set: run through jest.e2e.config.js (global setup)');
	const userFolder = join(n8n.ROOT, '.n8n-e2e', `${name}-n8n${f.major}`);
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	n8n.installIntoUserFolder(userFolder, { tarball, sha256 });
	const sandbox = new SarvCrmSandbox({ port: 0, seed: true, ...sandboxOptions });
	await sandbox.start();
	await n8n.importCredentials(f, userFolder, [
		n8n.sarvCredential({ id: CRED_ID, baseUrl: sandbox.url, utype: sandbox.utype, username: 'admin', password: 'sarv-demo' }),
	]);
	return {
		f,
		userFolder,
		sandbox,
		async importAll(wfs) {
			await n8n.importWorkflows(f, userFolder, wfs);
		},
		async exec(id) {
			return await n8n.executeWorkflow(f, userFolder, id);
		},
		async run(wf) {
			await n8n.importWorkflows(f, userFolder, [wf]);
			return await n8n.executeWorkflow(f, userFolder, wf.id);
		},
		out(res, node) {
			if (!res.ok) throw new Error(`execution failed (exit ${res.code}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`);
			return n8n.nodeOutput(res.run, node);
		},
		async close() {
			await sandbox.stop();
		},
	};
}
