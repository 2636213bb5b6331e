/**
 * Cases of the profile matrix that today's node fails: each runs as `it.failing`, so the
 * suite stays green while the gap is visible, and turns red once the node is fixed: then
 * remove its entry here. Keys are `<profile> › <case>`, as the tests are named.
 */
export const KNOWN_NODE_GAPS: readonly string[] = [
	// Re-login only when the reply maps to code 11 by its English text.
	'session=login-failed-401 › an expired token costs one login for all items, then the call is retried',
	'session=login-failed-401 › a later execution is never stuck on the dead token',
	'session=persian-403 › an expired token costs one login for all items, then the call is retried',
	'session=persian-403 › a later execution is never stuck on the dead token',
	'session=plain-401 › an expired token costs one login for all items, then the call is retried',
	'session=plain-401 › a later execution is never stuck on the dead token',
	// A 403 "access denied" gets no re-login; the issue asks for one, then an access error.
	'session=invalid-session-401,access-denied › a 403 "access denied" gets one re-login and one retry, then an error that says access',
	// A short page ends paging, even below the page size asked for; no default order.
	'pageCap=100 › Return All reads every record exactly once',
	'pageCap=100 › Limit returns exactly that many records',
	'pageCap=100,honoursLimit=false › Return All reads every record exactly once',
	'pageCap=100,honoursLimit=false › Limit returns exactly that many records',
	'unorderedWithoutOrderBy=true › Return All reads every record exactly once',
	// The trigger pages the same way: a capped page ends the poll, the checkpoint then
	// stalls on records of the same second.
	'pageCap=100 › the trigger delivers every record created between two polls, once, in one poll',
	'pageCap=100,honoursLimit=false › the trigger delivers every record created between two polls, once, in one poll',
	// The checkpoint is compared as a UTC literal; old records are not dropped client-side.
	'timeStorage=tehran › "created": records written ten minutes apart are each emitted once',
	'timeStorage=tehran › "createdOrUpdated": records written ten minutes apart are each emitted once',
	// First activation remembers only the newest record: others inside the overlap window
	// before it are emitted by the second poll.
	'timeStorage=utc › records written before the first activation are never emitted',
	'timeStorage=tehran › records written before the first activation are never emitted',
	// Custom fields written `leads.x_c`; pickers offer relate and non-db fields.
	'customFieldTable=cstm › every field the filter picker offers filters without a MySQL error',
	'customFieldTable=cstm › every field the sort picker offers sorts without a MySQL error',
	'customFieldTable=cstm › a filter on a custom field finds the record',
	'customFieldTable=cstm › Create or Update matches on a custom field',
	'nonColumnFields=mysql-1054 › every field the filter picker offers filters without a MySQL error',
	'nonColumnFields=mysql-1054 › every field the sort picker offers sorts without a MySQL error',
	// Auto-mapped `numbers` are dropped when the module has no such field.
	'numbersField=false › Create with auto-mapped input numbers stores them, or fails and writes nothing',
	// Error hints come from English text or a body code.
	'messages=persian-only,errorCode=absent › Get of a missing record gives the deleted-record hint and the server message',
	// Items sharing a match value run in parallel: both create.
	'default,maxParallel=4 › items sharing a match value create one record, then update it',
	'default,maxParallel=20 › items sharing a match value create one record, then update it',
];

/** `PROFILE_GAPS=plain` runs every case as a plain `it`: the raw failures, to compare with the list. */
const plain = process.env.PROFILE_GAPS === 'plain';

/** `it`, or `it.failing` for a known gap; inside a `describe(profile)` block. */
export function matrixIt(profile: string, name: string, fn: () => Promise<void>, timeout?: number): void {
	(!plain && KNOWN_NODE_GAPS.includes(`${profile} › ${name}`) ? it.failing : it)(name, fn, timeout);
}
