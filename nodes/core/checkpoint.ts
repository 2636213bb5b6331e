import type { IDataObject } from 'n8n-workflow';

/**
 * The trigger's memory between polls (kept in the workflow's static data): the newest
 * change time seen, and the changes already emitted inside the overlap window.
 */
export interface TriggerState {
	/** Epoch ms of the newest change emitted so far */
	checkpoint?: number;
	/** Event key → change time (ms); only keys inside the overlap window are kept */
	seen?: Record<string, number>;
	/** UTC offset (minutes) of the times in the server's replies */
	offsetMinutes?: number;
	/**
	 * The offset the server's SQL compares in, once learned: a server that stores local time
	 * answers a UTC literal with records from hours before it (see learnSqlOffset).
	 */
	sqlOffsetMinutes?: number;
}

/** What one stream of changes emits; 'deleted' reads deleted rows (service2), by `date_modified`. */
export type TriggerEvent = 'created' | 'updated' | 'createdOrUpdated' | 'deleted';

/** What happened to a record, as Any Change tags it. */
export type ChangeKind = 'created' | 'updated' | 'deleted';

/**
 * The trigger's whole memory: the live stream (v5) at the top level, as saved workflows have it,
 * and the deleted rows' stream (service2) beside it under the same rules.
 */
export interface TriggerMemory extends TriggerState {
	deleted?: TriggerState;
}

/** Re-read this far behind the checkpoint, so clock skew and same-second writes lose nothing. */
export const OVERLAP_MS = 2 * 60 * 1000;

/** Upper bound of remembered keys, whatever the traffic. */
export const MAX_SEEN = 5000;

export function timestampField(event: TriggerEvent): 'date_entered' | 'date_modified' {
	return event === 'created' ? 'date_entered' : 'date_modified';
}

/** SarvCRM returns ISO 8601 with an offset; MySQL-style `YYYY-MM-DD HH:MM:SS` is read as UTC. */
export function parseServerTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value.trim()) return undefined;
	const text = value.trim().replace(' ', 'T');
	const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
	const ms = Date.parse(withZone);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The UTC offset (minutes) of a server time: `+03:30` → 210, `Z` → 0. A time without one is
 * read as UTC everywhere, so its literal is written the same way (undefined → 0).
 */
export function serverOffsetMinutes(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = /([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
	if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
	return /Z$/.test(value.trim()) ? 0 : undefined;
}

/**
 * The database's own datetime format for comparisons in `query`, as wall-clock time in the
 * server's offset: a server that stores Tehran local time compares local literals.
 */
export function sqlDateTime(ms: number, offsetMinutes = 0): string {
	return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** One event per record version: two edits of a record are two events. */
export function eventKey(record: IDataObject, event: TriggerEvent): string {
	const version = event === 'created' ? 'created' : String(record.date_modified ?? '');
	return `${String(record.id)}@${version}`;
}

/** A live record's change: created until its modification time moves past its creation time. */
export function changeOf(record: IDataObject): 'created' | 'updated' {
	return isUpdateOnly(record) ? 'updated' : 'created';
}

function isUpdateOnly(record: IDataObject): boolean {
	// A record never edited after creation has equal entered/modified times.
	const entered = parseServerTime(record.date_entered);
	const modified = parseServerTime(record.date_modified);
	return entered !== undefined && modified !== undefined && modified > entered;
}

/**
 * Picks the records not emitted yet, oldest first, and the state to keep once they are
 * delivered. Pure: the caller stores `state` only after the whole poll succeeded.
 */
export function selectNewEvents(
	records: IDataObject[],
	previous: TriggerState,
	event: TriggerEvent,
): { events: IDataObject[]; state: TriggerState } {
	const field = timestampField(event);
	const seen = { ...(previous.seen ?? {}) };
	let checkpoint = previous.checkpoint ?? 0;
	const candidates = records
		.map((record) => ({ record, at: parseServerTime(record[field]) }))
		.filter((c): c is { record: IDataObject; at: number } => c.at !== undefined)
		.filter((c) => event !== 'updated' || isUpdateOnly(c.record))
		// Stable sort: records of the same second keep the server's order (write order).
		.sort((a, b) => a.at - b.at);

	// The SQL only pre-filters (a server may compare in another clock): instants decide here.
	const horizon0 = previous.checkpoint === undefined ? -Infinity : previous.checkpoint - OVERLAP_MS;
	const events: IDataObject[] = [];
	for (const { record, at } of candidates) {
		const key = eventKey(record, event);
		if (key in seen || at < horizon0) continue;
		seen[key] = at;
		events.push(record);
		if (at > checkpoint) checkpoint = at;
	}

	// Keys older than the window can never be read again; beyond MAX_SEEN drop the oldest.
	const horizon = checkpoint - OVERLAP_MS;
	const kept = Object.entries(seen)
		.filter(([, at]) => at >= horizon)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN);
	const offsetMinutes = serverOffsetMinutes(candidates.at(-1)?.record[field]) ?? previous.offsetMinutes;
	return { events, state: { checkpoint, seen: Object.fromEntries(kept), ...(offsetMinutes !== undefined ? { offsetMinutes } : {}) } };
}

/**
 * After a poll with the literal `sinceMs` (written in `state.sqlOffsetMinutes`, UTC until
 * learned): records older than the literal mean the database compared it as local time, so
 * later literals are written in the replies' offset and the window stays tight.
 */
export function learnSqlOffset(records: IDataObject[], event: TriggerEvent, sinceMs: number, state: TriggerState): number | undefined {
	if (state.sqlOffsetMinutes !== undefined || !state.offsetMinutes) return state.sqlOffsetMinutes;
	const field = timestampField(event);
	const older = records.some((r) => (parseServerTime(r[field]) ?? Infinity) < sinceMs - 60_000);
	return older ? state.offsetMinutes : undefined;
}
