/** One harness per test file; each describe block sets the sandbox profile it runs under. */
import { startHarness, type Harness } from '../../harness';
import { DEFAULT_PROFILE, type SandboxProfile } from '../../sandbox';

/** The node versions every profile runs under, with the same assertions: the default first, then 1.1. */
export const NODE_VERSIONS = [1.2, 1.1] as const;
/** The version of the `eachVersion` block running now (undefined: the node's default). */
let currentVersion: number | undefined;

/**
 * One harness per test file. Inside an `eachVersion` block its `runNode` and `sarvNode` build
 * SarvCRM nodes of that block's version (a test's own typeVersion still wins).
 */
export function profileHarness(): () => Harness {
	let h: Harness | undefined;
	let versioned: Harness | undefined;
	beforeAll(async () => {
		h = await startHarness();
		const base = h;
		versioned = {
			...base,
			sarvNode: (parameters, settings = {}) =>
				base.sarvNode(parameters, { ...(currentVersion !== undefined ? { typeVersion: currentVersion } : {}), ...settings }),
			runNode: async (parameters, inputItems, settings = {}) =>
				await base.runNode(parameters, inputItems, {
					...(currentVersion !== undefined ? { typeVersion: currentVersion } : {}),
					...settings,
				}),
		};
	});
	afterAll(async () => await h?.close());
	return () => versioned!;
}

/** The tests of `body` once per node version (NODE_VERSIONS), each version another server to the node. */
export function eachVersion(body: (version: number) => void): void {
	describe.each(NODE_VERSIONS.map((v) => [v]))('node version %s', (version) => {
		beforeAll(() => {
			currentVersion = version;
		});
		afterAll(() => {
			currentVersion = undefined;
		});
		body(version);
	});
}

/** Sets `changes` over the default profile before the block's tests, and restores the default after. */
export function underProfile(harness: () => Harness, changes: Partial<SandboxProfile>, setup?: (h: Harness) => void | Promise<void>): void {
	let baseUrl = '';
	beforeAll(async () => {
		const h = harness();
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, ...changes });
		// Each profile is another server to the node: its own Base URL, so nothing the node
		// remembers per server (e.g. the page size it has seen honoured) carries over.
		baseUrl = String(h.credentials.get().baseUrl);
		const server = `${label(changes) || 'default'}${currentVersion !== undefined ? `,v${currentVersion}` : ''}`;
		h.credentials.set({ ...h.credentials.get(), baseUrl: `${h.url}?server=${encodeURIComponent(server)}` });
		await setup?.(h);
	});
	afterAll(() => {
		const h = harness();
		h.sandbox.setProfile({ ...DEFAULT_PROFILE });
		h.credentials.set({ ...h.credentials.get(), baseUrl });
	});
}

/** `session=persian-403` style label of a profile change. */
export const label = (changes: Partial<SandboxProfile>) =>
	Object.entries(changes)
		.map(([k, v]) => `${k}=${String(v)}`)
		.join(',');

/** Forgets the stored session token, so a test starts from a fresh login whatever the last one left. */
export function forgetSession(h: Harness): void {
	const data = { ...h.credentials.get() };
	delete data.sessionToken;
	h.credentials.set(data);
}
