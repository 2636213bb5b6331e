/** One harness per test file; each describe block sets the sandbox profile it runs under. */
import { startHarness, type Harness } from '../../harness';
import { DEFAULT_PROFILE, type SandboxProfile } from '../../sandbox';

export function profileHarness(): () => Harness {
	let h: Harness | undefined;
	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => await h?.close());
	return () => h!;
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
		h.credentials.set({ ...h.credentials.get(), baseUrl: `${h.url}?server=${encodeURIComponent(label(changes) || 'default')}` });
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
