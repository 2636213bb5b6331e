/**
 * Where the trigger's changes come from: one or two streams, each with its own checkpoint under
 * the rules of core/checkpoint.ts: live records through v5, deleted rows through service2.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	OVERLAP_MS,
	changeOf,
	learnSqlOffset,
	parseServerTime,
	selectNewEvents,
	serverOffsetMinutes,
	sqlDateTime,
	timestampField,
	type ChangeKind,
	type TriggerEvent,
	type TriggerState,
} from '../core/checkpoint';
import type { ListRequest } from '../core/client';
import { sarvError } from '../core/failure';
import type { SarvModule } from '../core/modules';
import { changedSince, newestBy, onlyDeleted, type RecordQuery } from '../core/recordQuery';
import { PROBE_HINT } from '../core/service2/failure';
import { listEntries } from '../core/service2/listing';
import type { SarvConnection } from '../n8n/openSarv';

/** The Event parameter's values. */
export type EventChoice = TriggerEvent | 'anyChange';

/** An emitted record; `kind` tags it (Any Change and Record Deleted), untagged for the older events. */
export interface Change {
	kind?: ChangeKind;
	record: IDataObject;
}

/** One source of changes with its own checkpoint: live records (v5) or deleted rows (service2). */
export interface Stream {
	kind: 'live' | 'deleted';
	field: 'date_entered' | 'date_modified';
	/** The test event: the newest matching record */
	latest(): Promise<IDataObject[]>;
	/** First activation: no event, the checkpoint at the newest existing change */
	start(): Promise<{ events: IDataObject[]; state: TriggerState }>;
	/** A scheduled poll: the changes since the checkpoint */
	since(previous: TriggerState): Promise<{ events: IDataObject[]; state: TriggerState }>;
	change(record: IDataObject): Change;
}

export function streamsOf(event: EventChoice, module: SarvModule, query: RecordQuery, connection: SarvConnection): Stream[] {
	const live = (e: Exclude<TriggerEvent, 'deleted'>, tag: boolean) => liveStream(e, module, query, connection, tag);
	if (event === 'anyChange') return [live('createdOrUpdated', true), deletedStream(module, query, connection)];
	if (event === 'deleted') return [deletedStream(module, query, connection)];
	return [live(event, false)];
}

/** Shared by both streams: the checkpoint rules of core/checkpoint.ts over two listings. */
function checkpointed(
	event: TriggerEvent,
	newest: (q: RecordQuery) => Promise<IDataObject[]>,
	changedAfter: (since: string, q?: RecordQuery) => Promise<IDataObject[]>,
	onNoneAtStart?: () => Error,
): Pick<Stream, 'start' | 'since'> {
	const field = timestampField(event);
	return {
		async start() {
			// First activation starts at the newest existing change, in the server's own clock; the
			// changes inside the overlap window before it existed already and count as seen.
			const found = await newest({});
			if (!found.length && onNoneAtStart) throw onNoneAtStart();
			const checkpoint = parseServerTime(found[0]?.[field]) ?? Date.now();
			const before = found.length ? await changedAfter(sqlDateTime(checkpoint - OVERLAP_MS), {}) : [];
			const { state: seen } = selectNewEvents([...before, ...found], { checkpoint }, event);
			return { events: [], state: { ...seen, checkpoint, offsetMinutes: serverOffsetMinutes(found[0]?.[field]) } };
		},
		async since(previous) {
			// SQL only pre-filters (UTC literal until the server's own comparison is learned);
			// selectNewEvents compares instants, so each change is emitted once either way.
			const sinceMs = previous.checkpoint! - OVERLAP_MS;
			const records = await changedAfter(sqlDateTime(sinceMs, previous.sqlOffsetMinutes));
			const { events, state } = selectNewEvents(records, previous, event);
			const sqlOffsetMinutes = learnSqlOffset(records, event, sinceMs, previous);
			return { events, state: { ...state, ...(sqlOffsetMinutes !== undefined ? { sqlOffsetMinutes } : {}) } };
		},
	};
}

function liveStream(
	event: Exclude<TriggerEvent, 'deleted'>,
	module: SarvModule,
	query: RecordQuery,
	{ client }: SarvConnection,
	tag: boolean,
): Stream {
	const field = timestampField(event);
	const newest = async (q: RecordQuery) => await client.listModule(module, (columns) => newestBy(module, field, q, columns), { max: 1 });
	const changedAfter = async (since: string, q = query) =>
		await client.listModule(module, (columns) => changedSince(module, field, since, q, columns));
	return {
		kind: 'live',
		field,
		latest: async () => await newest(query),
		...checkpointed(event, newest, changedAfter),
		change: (record) => ({ ...(tag ? { kind: changeOf(record) } : {}), record }),
	};
}

/**
 * Deleted rows through service2 (`get_entry_list` with `deleted`, ANDed with `deleted = 1`), by
 * their `date_modified` (SuiteCRM stamps it at deletion). A server that lists none cannot be told
 * from a module where nothing was deleted yet: both fail loudly, never a quiet trigger.
 */
function deletedStream(module: SarvModule, query: RecordQuery, connection: SarvConnection): Stream {
	const field = 'date_modified';
	const service2 = () => connection.service2();
	const selectFields = query.fields ? { fields: [...query.fields, 'deleted'] } : {};
	const list = async (request: ListRequest, max?: number) =>
		checkDeleted(await listEntries(service2(), module.key, request, { deleted: true, max, purpose: 'Record Deleted' }), module);
	const newest = async (q: RecordQuery) => await list(newestBy(module, field, onlyDeleted(module, { ...q, ...selectFields })), 1);
	const changedAfter = async (since: string, q = query) =>
		await list(changedSince(module, field, since, onlyDeleted(module, { ...q, ...selectFields })));
	const noneShown = () => noDeletedRows(module);
	return {
		kind: 'deleted',
		field,
		latest: async () => {
			const found = await newest(query);
			if (!found.length) throw noneShown();
			return found;
		},
		...checkpointed('deleted', newest, changedAfter, noneShown),
		change: (record) => ({ kind: 'deleted', record }),
	};
}

/** Rows that are not marked deleted mean the server ignored the query: never emitted as deletions. */
function checkDeleted(rows: IDataObject[], module: SarvModule): IDataObject[] {
	// `deleted` comes back as a string or an int (api-notes), or a boolean from a customised server.
	const live = rows.find((r) => r.deleted !== true && String(r.deleted ?? '') !== '1');
	if (!live) return rows;
	return sarvFail(
		`SarvCRM's service2 listed ${module.key} record ${String(live.id)} as deleted, but its "deleted" field is ${JSON.stringify(live.deleted ?? null)}`,
		`This server's service2 does not mark deleted records, so Record Deleted cannot tell them apart. ${PROBE_HINT}.`,
		module,
	);
}

function noDeletedRows(module: SarvModule): Error {
	return sarvError(
		'notFound',
		{
			message:
				`SarvCRM's service2 shows no deleted ${module.key} records, so this trigger cannot see deletions: ` +
				'either this server hides deleted records from service2, or none of this module was deleted yet',
			hint:
				`Delete one test record of ${module.key} in SarvCRM and try again. If it still fails, this server does not list deleted records: ` +
				`run \`npm run probe\` (with SARVCRM_PROBE_WRITE=1 it creates and deletes one test Lead to check).`,
		},
		{ module: module.key },
	);
}

function sarvFail(message: string, hint: string, module: SarvModule): never {
	throw sarvError('request', { message, hint }, { module: module.key });
}
