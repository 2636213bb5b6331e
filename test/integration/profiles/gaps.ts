/**
 * Cases of the profile matrix that today's node fails: each runs as `it.failing`, so the
 * suite stays green while the gap is visible, and turns red once the node is fixed: then
 * remove its entry here. Keys are `<profile> › <case>`, as the tests are named.
 */
export const KNOWN_NODE_GAPS: readonly string[] = [
	// None today: the 28 cases the node failed when the matrix was written all pass since the
	// core refactor (renewal on any 401/403, paging rule, column layout, phone columns, ...).
];

/** `PROFILE_GAPS=plain` runs every case as a plain `it`: the raw failures, to compare with the list. */
const plain = process.env.PROFILE_GAPS === 'plain';

/** `it`, or `it.failing` for a known gap; inside a `describe(profile)` block. */
export function matrixIt(profile: string, name: string, fn: () => Promise<void>, timeout?: number): void {
	(!plain && KNOWN_NODE_GAPS.includes(`${profile} › ${name}`) ? it.failing : it)(name, fn, timeout);
}
