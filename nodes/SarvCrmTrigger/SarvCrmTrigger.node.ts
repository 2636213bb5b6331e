import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { NODE_ICON } from '../SarvCrm/descriptions/common';
import { filterProperties } from '../SarvCrm/descriptions/listFields';
import { fieldsToReturnOption, simplifyOption } from '../SarvCrm/descriptions/options';
import { resourceProperty } from '../SarvCrm/descriptions/resource';
import { loadOptions } from '../SarvCrm/metadata/loadOptions';
import { findModule } from '../SarvCrm/modules';
import { shapeRecord } from '../SarvCrm/operations/output';
import { buildWhere, type FilterCombinator, type FilterCondition } from '../SarvCrm/query/where';
import { SarvClient } from '../SarvCrm/transport/client';
import {
	eventKey,
	OVERLAP_MS,
	parseServerTime,
	selectNewEvents,
	sqlDateTime,
	timestampField,
	type TriggerEvent,
	type TriggerState,
} from './checkpoint';

export class SarvCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SarvCRM Trigger',
		name: 'sarvCrmTrigger',
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
				options: [fieldsToReturnOption, simplifyOption],
			},
		],
	};

	methods = { loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const moduleKey = this.getNodeParameter('resource') as string;
		const module = findModule(moduleKey);
		if (!module) throw new NodeOperationError(this.getNode(), `"${moduleKey}" is not a SarvCRM module`);
		const event = this.getNodeParameter('event') as TriggerEvent;
		const { conditions = [] } = this.getNodeParameter('filters', {}) as { conditions?: FilterCondition[] };
		const combinator = this.getNodeParameter('combineFilters', 'AND') as FilterCombinator;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const fields = (options.fields as string[] | undefined) ?? [];
		const field = timestampField(event);
		const column = `${module.table}.${field}`;

		const client = await SarvClient.create(this);
		const state = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
		const at = { operation: 'poll', module: module.key };
		const selected = fields.length ? [...new Set(['id', 'date_entered', 'date_modified', ...fields])] : undefined;
		const read = async (query: string, orderBy: string, max?: number) => {
			const request: IDataObject = { order_by: orderBy };
			if (query) request.query = query;
			if (selected) request.selected_fields = selected;
			return await client.list({ method: 'Retrieve', module: module.key }, request, at, { max });
		};
		const filters = buildWhere(module.table, conditions, combinator);
		const shape = (records: IDataObject[]) =>
			this.helpers.returnJsonArray(records.map((r) => shapeRecord(client, module.key, r, !!options.simplify)));

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the newest matching record, so fields can be mapped.
			const latest = await read(filters, `${column} DESC`, 1);
			return latest.length ? [shape(latest)] : null;
		}

		if (state.checkpoint === undefined) {
			// First activation starts at the newest existing change, in the server's own clock.
			const newest = await read('', `${column} DESC`, 1);
			state.checkpoint = parseServerTime(newest[0]?.[field]) ?? Date.now();
			state.seen = {};
			for (const record of newest) state.seen[eventKey(record, event)] = state.checkpoint;
			return null;
		}

		const since = `${column} >= '${sqlDateTime(state.checkpoint - OVERLAP_MS)}'`;
		const query = filters ? `${since} AND ${filters}` : since;
		const records = await read(query, `${column} ASC`);
		const { events, state: next } = selectNewEvents(records, state, event);
		// Only now, after every page was read, does the checkpoint move.
		state.checkpoint = next.checkpoint;
		state.seen = next.seen;
		return events.length ? [shape(events)] : null;
	}
}
