import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parseServerTime, type ChangeKind, type TriggerMemory } from '../core/checkpoint';
import { SarvInputError } from '../core/errors';
import { addJalaliDates, calendarOf } from '../core/dates';
import { isDateType } from '../core/fields';
import { filtersNeedFields, readFilterValues } from '../core/filterValues';
import { letterFormsOf } from '../core/letters';
import { findModule } from '../core/modules';
import { loadOptions } from '../n8n/fieldPickers';
import { toNodeError } from '../n8n/nodeErrors';
import { openSarv } from '../n8n/openSarv';
import { workflowTimeZone } from '../n8n/timeZone';
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
import type { RecordQuery } from '../core/recordQuery';
import { shapeRecord } from '../core/shape';
import type { FilterCombinator, FilterCondition } from '../core/where';
import { streamsOf, type Change, type EventChoice } from './streams';

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
	// Filter values read as the node reads them: Persian digits, Jalali dates (Dates Typed In),
	// date-times without an offset in the workflow's time zone.
	const calendar = calendarOf(options);
	const timeZone = workflowTimeZone(fn);
	const filters = filtersNeedFields(conditions, calendar, timeZone)
		? readFilterValues(conditions, await fieldStore.fields(module.key), calendar, timeZone)
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

/** The event's own fields first: what happened, the record, its module and, for a deletion, when. */
function tagged(kind: ChangeKind, module: string, record: IDataObject, shaped: IDataObject): IDataObject {
	const at = parseServerTime(record.date_modified);
	const deletedAt = kind === 'deleted' && at !== undefined ? { deletedAt: new Date(at).toISOString() } : {};
	const tags = { event: kind, module, ...deletedAt };
	// The tags come first for reading and win over a record field of the same name.
	return Object.assign({ ...tags, id: record.id }, shaped, tags);
}
