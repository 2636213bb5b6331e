import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

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
	type TriggerMemory,
	type TriggerState,
} from '../core/checkpoint';
import type { ListRequest } from '../core/client';
import { sarvError } from '../core/failure';
import type { SarvModule } from '../core/modules';
import { PROBE_HINT } from '../core/service2/failure';
import { listEntries } from '../core/service2/listing';
import { SarvInputError } from '../core/errors';
import { addJalaliDates, calendarOf } from '../core/dates';
import { isDateType } from '../core/fields';
import { filtersNeedFields, readFilterValues } from '../core/filterValues';
import { letterFormsOf } from '../core/letters';
import { findModule } from '../core/modules';
import { loadOptions } from '../n8n/fieldPickers';
import { toNodeError } from '../n8n/nodeErrors';
import { openSarv, type SarvConnection } from '../n8n/openSarv';
import {
	datesTypedInOption,
	fieldsToReturnOption,
	filterProperties,
	jalaliCopyOption,
	matchLetterFormsOption,
	NODE_ICON,
	resourceProperty,
	simplifyOption,
} from '../n8n/parameters';
import { changedSince, newestBy, onlyDeleted, type RecordQuery } from '../core/recordQuery';
import { shapeRecord } from '../core/shape';
import type { FilterCombinator, FilterCondition } from '../core/where';

/**
 * The type saved workflows use. Hidden from the nodes panel, which offers SarvCRM Records Trigger
 * (same poll) instead: a visible `sarvCrmTrigger` would be folded into the SarvCRM entry.
 */
export class SarvCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SarvCRM Trigger',
		name: 'sarvCrmTrigger',
		hidden: true,
		icon: NODE_ICON,
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["resource"]}}',
		description: 'Starts the workflow when SarvCRM records are created, updated or deleted',
		defaults: { name: 'SarvCRM Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sarvCrmApi', required: true }],
		properties: [
			{ ...resourceProperty, displayName: 'Module' },
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Any Change',
						value: 'anyChange',
						description: 'Created, updated or deleted; each event says which in its "event" field (deletions through service2)',
					},
					{ name: 'Record Created', value: 'created' },
					{ name: 'Record Created or Updated', value: 'createdOrUpdated' },
					{
						name: 'Record Deleted',
						value: 'deleted',
						description: "Read through SarvCRM's service2, which must list deleted records (check with npm run probe)",
					},
					{ name: 'Record Updated', value: 'updated' },
				],
				default: 'createdOrUpdated',
			},
			...filterProperties(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [jalaliCopyOption, datesTypedInOption, fieldsToReturnOption, matchLetterFormsOption, simplifyOption],
			},
		],
	};

	methods = { loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			return await pollChanges(this);
		} catch (error) {
			throw toNodeError(this.getNode(), error, { operation: 'poll' });
		}
	}
}

/** One poll: the records changed since the checkpoint, each change once, oldest first. */
async function pollChanges(fn: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const moduleKey = fn.getNodeParameter('resource') as string;
	const module = findModule(moduleKey);
	if (!module) {
		const error = new SarvInputError(`"${moduleKey}" is not a SarvCRM module`, 'resource', 'Pick the Resource from the list.');
		throw toNodeError(fn.getNode(), error, { operation: 'poll' });
	}
	const event = fn.getNodeParameter('event') as EventChoice;
	const { conditions = [] } = fn.getNodeParameter('filters', {}) as { conditions?: FilterCondition[] };
	const options = fn.getNodeParameter('options', {}) as IDataObject;
	const fields = (options.fields as string[] | undefined) ?? [];
	const connection = await openSarv(fn);
	const { client, fields: fieldStore } = connection;
	// Filter values read as the node reads them: Persian digits, Jalali dates (Dates Typed In).
	const calendar = calendarOf(options);
	const filters = filtersNeedFields(conditions, calendar)
		? readFilterValues(conditions, await fieldStore.fields(module.key), calendar)
		: conditions;
	const query: RecordQuery = {
		filters,
		combinator: fn.getNodeParameter('combineFilters', 'AND') as FilterCombinator,
		fields: fields.length ? ['date_entered', 'date_modified', ...fields] : undefined,
		letterForms: letterFormsOf(options),
	};
	const output = options.simplify ? ({ mode: 'simplified' } as const) : ({ mode: 'raw' } as const);
	// Add Jalali Dates: the module's fields say which are dates, loaded only for a poll that emits.
	const shape = async (changes: Change[]) => {
		const dateFields = options.jalaliDates
			? (await fieldStore.fields(module.key)).filter((f) => isDateType(f.type)).map((f) => f.name)
			: [];
		const url = (id: string) => client.recordUrl(module.key, id);
		const shaped = changes.map(({ kind, record }) => {
			const out = addJalaliDates(shapeRecord(record, output, url), dateFields) as IDataObject;
			return kind ? tagged(kind, module.key, record, out) : out;
		});
		return fn.helpers.returnJsonArray(shaped);
	};
	const streams = streamsOf(event, module, query, connection);
	const state = fn.getWorkflowStaticData('node') as TriggerMemory & IDataObject;

	if (fn.getMode() === 'manual') {
		// "Fetch Test Event": the newest matching record of each stream, so fields can be mapped.
		const changes: Change[] = [];
		for (const stream of streams) changes.push(...(await stream.latest()).map((record) => stream.change(record)));
		return changes.length ? [await shape(changes)] : null;
	}

	// Every stream is read before any state moves: a failure anywhere keeps the whole checkpoint.
	const next: TriggerMemory = {};
	const changes: Array<Change & { at: number }> = [];
	for (const stream of streams) {
		const previous = stream.kind === 'deleted' ? state.deleted : state;
		const polled = previous?.checkpoint === undefined ? await stream.start() : await stream.since(previous);
		if (stream.kind === 'deleted') next.deleted = polled.state;
		else Object.assign(next, polled.state);
		changes.push(...polled.events.map((record) => ({ ...stream.change(record), at: parseServerTime(record[stream.field]) ?? 0 })));
	}
	// Only now, after every page of every stream was read, does the checkpoint move.
	Object.assign(state, next);
	// Any Change: the two streams as one, oldest first (a stable sort keeps each stream's order).
	changes.sort((a, b) => a.at - b.at);
	return changes.length ? [await shape(changes)] : null;
}

type EventChoice = TriggerEvent | 'anyChange';

/** An emitted record; `kind` tags it (Any Change and Record Deleted), untagged for the older events. */
interface Change {
	kind?: ChangeKind;
	record: IDataObject;
}

/** One source of changes with its own checkpoint: live records (v5) or deleted rows (service2). */
interface Stream {
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

function streamsOf(event: EventChoice, module: SarvModule, query: RecordQuery, connection: SarvConnection): Stream[] {
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
	const live = rows.find((r) => String(r.deleted ?? '') !== '1');
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

/** The event's own fields first: what happened, the record, its module and, for a deletion, when. */
function tagged(kind: ChangeKind, module: string, record: IDataObject, shaped: IDataObject): IDataObject {
	const at = parseServerTime(record.date_modified);
	const deletedAt = kind === 'deleted' && at !== undefined ? { deletedAt: new Date(at).toISOString() } : {};
	return { event: kind, id: record.id, module, ...deletedAt, ...shaped };
}
