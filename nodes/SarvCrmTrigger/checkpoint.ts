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
}

export type TriggerEvent = 'created' | 'updated' | 'createdOrUpdated';

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

/** The database's own datetime format, in UTC, for comparisons in `query`. */
export function sqlDateTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** One event per record version: two edits of a record are two events. */
export function eventKey(record: IDataObject, event: TriggerEvent): string {
	const version = event === 'created' ? 'created' : String(record.date_modified ?? '');
	return `${String(record.id)}@${version}`;
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

	const events: IDataObject[] = [];
	for (const { record, at } of candidates) {
		const key = eventKey(record, event);
		if (key in seen) continue;
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
	return { events, state: { checkpoint, seen: Object.fromEntries(kept) } };
}
