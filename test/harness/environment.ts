/**
 * Process environment n8n-core reads when its DI container first builds its config
 * (GlobalConfig, InstanceSettingsConfig, Logger). It must run before anything calls
 * `Container.get(...)`, so every harness module imports this file first.
 *
 * Why each variable:
 * - N8N_USER_FOLDER: InstanceSettings writes `<folder>/.n8n/config` (the encryption key)
 *   on first use. A folder of our own under the OS temp dir keeps ~/.n8n untouched.
 * - N8N_ENCRYPTION_KEY: fixed (forced: the folder is ours), so that file always matches.
 * - N8N_LOG_LEVEL=silent: n8n's Logger would otherwise print to the test console.
 * - N8N_DIAGNOSTICS_ENABLED=false: no telemetry set-up.
 *
 * Jest hands each test file its own copy of `process.env`; n8n-core is loaded by Node
 * itself (see n8n.ts) and reads the real one. So the variables go on the real process,
 * reached through `process.getBuiltinModule`, and on Jest's copy for code under test.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let userFolder: string | undefined;

type ProcessLike = { env: NodeJS.ProcessEnv };
const realProcess: ProcessLike =
	((process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('process') as ProcessLike | undefined) ??
	process;

function setDefault(name: string, value: string, force = false): void {
	for (const env of new Set([realProcess.env, process.env])) {
		if (force || env[name] === undefined) env[name] = value;
	}
}

export function prepareN8nEnvironment(): string {
	if (userFolder) return userFolder;
	// One fixed folder (per OS user) rather than a fresh one per run: Jest workers are
	// killed without an exit event, so per-run folders would pile up. Its only content is
	// n8n's settings file with the fixed key below, identical for every run.
	userFolder = path.join(tmpdir(), `sarvcrm-harness-n8n-${process.getuid?.() ?? 'user'}`);
	mkdirSync(userFolder, { recursive: true });
	setDefault('N8N_USER_FOLDER', userFolder, true);
	setDefault('N8N_ENCRYPTION_KEY', 'sarvcrm-harness-fixed-encryption-key', true);
	setDefault('N8N_LOG_LEVEL', 'silent');
	setDefault('N8N_DIAGNOSTICS_ENABLED', 'false', true);
	// Our own folder: let n8n set 0600 on its settings file instead of warning about it.
	setDefault('N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS', 'true');
	// Jest sets NODE_ENV=test; n8n-core then loads node classes with a plain `require`
	// instead of its vm sandbox, and keeps its logger quiet.
	setDefault('NODE_ENV', 'test');
	return userFolder;
}

prepareN8nEnvironment();
