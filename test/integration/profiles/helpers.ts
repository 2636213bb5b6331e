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
	beforeAll(async () => {
		harness().sandbox.setProfile({ ...DEFAULT_PROFILE, ...changes });
		await setup?.(harness());
	});
	afterAll(() => {
		harness().sandbox.setProfile({ ...DEFAULT_PROFILE });
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
