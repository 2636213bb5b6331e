import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	OVERLAP_MS,
	learnSqlOffset,
	parseServerTime,
	selectNewEvents,
	serverOffsetMinutes,
	sqlDateTime,
	timestampField,
	type TriggerEvent,
	type TriggerState,
} from '../core/checkpoint';
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
import { changedSince, newestBy, type RecordQuery } from '../core/recordQuery';
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
		description: 'Starts the workflow when SarvCRM records are created or updated',
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
					{ name: 'Record Created', value: 'created' },
					{ name: 'Record Created or Updated', value: 'createdOrUpdated' },
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
	const event = fn.getNodeParameter('event') as TriggerEvent;
	const { conditions = [] } = fn.getNodeParameter('filters', {}) as { conditions?: FilterCondition[] };
	const options = fn.getNodeParameter('options', {}) as IDataObject;
	const fields = (options.fields as string[] | undefined) ?? [];
	const field = timestampField(event);
	const { client, fields: fieldStore } = await openSarv(fn);
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
	const shape = async (records: IDataObject[]) => {
		const dateFields = options.jalaliDates
			? (await fieldStore.fields(module.key)).filter((f) => isDateType(f.type)).map((f) => f.name)
			: [];
		const url = (id: string) => client.recordUrl(module.key, id);
		const shaped = records.map((r) => addJalaliDates(shapeRecord(r, output, url), dateFields) as IDataObject);
		return fn.helpers.returnJsonArray(shaped);
	};
	const state = fn.getWorkflowStaticData('node') as TriggerState & IDataObject;

	if (fn.getMode() === 'manual') {
		// "Fetch Test Event": the newest matching record, so fields can be mapped.
		const latest = await client.listModule(module, (columns) => newestBy(module, field, query, columns), { max: 1 });
		return latest.length ? [await shape(latest)] : null;
	}

	if (state.checkpoint === undefined) {
		// First activation starts at the newest existing change, in the server's own clock; the
		// changes inside the overlap window before it existed already and count as seen.
		const newest = await client.listModule(module, (columns) => newestBy(module, field, {}, columns), { max: 1 });
		const checkpoint = parseServerTime(newest[0]?.[field]) ?? Date.now();
		const before = newest.length
			? await client.listModule(module, (columns) => changedSince(module, field, sqlDateTime(checkpoint - OVERLAP_MS), {}, columns))
			: [];
		const { state: seen } = selectNewEvents([...before, ...newest], { checkpoint }, event);
		Object.assign(state, { ...seen, checkpoint, offsetMinutes: serverOffsetMinutes(newest[0]?.[field]) });
		return null;
	}

	// SQL only pre-filters (UTC literal until the server's own comparison is learned);
	// selectNewEvents compares instants, so each change is emitted once either way.
	const sinceMs = state.checkpoint - OVERLAP_MS;
	const since = sqlDateTime(sinceMs, state.sqlOffsetMinutes);
	const records = await client.listModule(module, (columns) => changedSince(module, field, since, query, columns));
	const { events, state: next } = selectNewEvents(records, state, event);
	const sqlOffsetMinutes = learnSqlOffset(records, event, sinceMs, state);
	// Only now, after every page was read, does the checkpoint move.
	Object.assign(state, next, sqlOffsetMinutes !== undefined ? { sqlOffsetMinutes } : {});
	return events.length ? [await shape(events)] : null;
}
