import './environment';

/**
 * n8n-core and n8n-workflow, loaded by Node itself instead of through Jest's module
 * registry. Two reasons:
 * - n8n-core requires @langchain/core, which requires p-retry 7, a pure ES module.
 *   Node >= 20.19 can `require()` it; Jest's CommonJS runtime cannot ("Cannot use import
 *   statement outside a module").
 * - PackageDirectoryLoader `require`s our dist/ files from inside n8n-core. Loaded this
 *   way, the node, the credential and the engine share one n8n-workflow instance, as in
 *   a real n8n (so `instanceof NodeApiError` checks inside n8n-core hold).
 * Tests that need n8n-workflow values to compare with (error classes, constants) should
 * take them from `n8nWorkflow` here, not `import` them: Jest would give another copy.
 * `process.getBuiltinModule` (Node >= 20.16) is the one way to reach Node's own `module`
 * builtin that Jest does not swap for its own.
 */
type NodeModuleBuiltin = typeof import('node:module');
const getBuiltinModule = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
if (!getBuiltinModule) {
	throw new Error('The SarvCRM test harness needs Node >= 20.16 (process.getBuiltinModule)');
}

export const nativeRequire = (getBuiltinModule('module') as NodeModuleBuiltin).createRequire(__filename);

export const n8nCore = nativeRequire('n8n-core') as typeof import('n8n-core');
export const n8nWorkflow = nativeRequire('n8n-workflow') as typeof import('n8n-workflow');

/**
 * The instance's time zone (n8n's GENERIC_TIMEZONE, which the cli puts into n8n-workflow's global
 * state at start-up; n8n's own default is America/New_York): the harness plays an instance set
 * to UTC, as containers usually are. A workflow's Timezone setting overrides it, as in n8n.
 */
export const HARNESS_INSTANCE_TIMEZONE = 'UTC';
n8nWorkflow.setGlobalState({ ...n8nWorkflow.getGlobalState(), defaultTimezone: HARNESS_INSTANCE_TIMEZONE });

/**
 * n8n-core services that start intervals when first used: SSHClientsManager (every
 * node context spreads its SSH helpers, which creates it) and ScheduledTaskManager (poll
 * contexts). A server does not care; a test process would never exit. Their classes are
 * not re-exported by n8n-core's index, hence the deep paths.
 */
export function stopN8nBackgroundTimers(): void {
	const { Container } = nativeRequire('@n8n/di') as typeof import('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class constructor of any arity
	const { SSHClientsManager } = nativeRequire('n8n-core/dist/execution-engine/ssh-clients-manager') as {
		SSHClientsManager: new (...args: any[]) => { onShutdown(): void };
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class constructor of any arity
	const { ScheduledTaskManager } = nativeRequire('n8n-core/dist/execution-engine/scheduled-task-manager') as {
		ScheduledTaskManager: new (...args: any[]) => { deregisterAllCrons(): void };
	};
	Container.get(SSHClientsManager).onShutdown();
	Container.get(ScheduledTaskManager).deregisterAllCrons();
}
