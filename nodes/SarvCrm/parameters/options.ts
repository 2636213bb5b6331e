import type { INodeProperties } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../core/paging';
import { DEPENDS_ON_MODULE } from '../../n8n/parameters';

/** Requests in flight at once for one node run: SarvCRM is a shared, rate-limited server. */
export const DEFAULT_MAX_PARALLEL = 4;

/** Shown for every operation. */
export const maxParallelOption: INodeProperties = {
	displayName: 'Max Parallel Requests',
	name: 'maxParallel',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: DEFAULT_MAX_PARALLEL,
	description: 'How many items are sent to SarvCRM at the same time. Lower it if SarvCRM answers 429 (rate limited).',
};

export const returnFullRecordOption: INodeProperties = {
	displayName: 'Fetch Full Record',
	name: 'returnFullRecord',
	type: 'boolean',
	default: false,
	description: 'Whether to read the saved record back (one more call per item) instead of returning the ID merged with what was sent',
};

export const pageSizeOption: INodeProperties = {
	displayName: 'Page Size',
	name: 'pageSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
	default: MAX_PAGE_SIZE,
	description: 'Records per request while paging (at most 300)',
};

export const offsetOption: INodeProperties = {
	displayName: 'Offset',
	name: 'offset',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'How many matching records to skip before the first one returned',
};

export const queryOption: INodeProperties = {
	displayName: 'Query (SQL WHERE)',
	name: 'query',
	type: 'string',
	default: '',
	placeholder: "leads.status = 'New'",
	description:
		'For experts: a raw WHERE fragment with table-qualified columns, combined with the Filters by AND. Values here are NOT escaped.',
};

const SORT_DIRECTIONS = [
	{ name: 'Ascending', value: 'ASC' },
	{ name: 'Descending', value: 'DESC' },
];

export const sortFieldOption: INodeProperties = {
	displayName: 'Sort By Field Name or ID',
	name: 'sortField',
	type: 'options',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getSortFields' },
	default: '',
	description:
		'Without it (and after it) records come oldest first, by creation time and ID, so paging is stable. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const sortDirectionOption: INodeProperties = {
	displayName: 'Sort Direction',
	name: 'sortDirection',
	type: 'options',
	options: SORT_DIRECTIONS,
	default: 'ASC',
};

export const thenSortOption: INodeProperties = {
	displayName: 'Then Sort By',
	name: 'thenSort',
	type: 'fixedCollection',
	placeholder: 'Add Sort Rule',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	description: 'More sort rules, applied in order after "Sort By Field"',
	options: [
		{
			displayName: 'Rule',
			name: 'rule',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'field',
					type: 'options',
					typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getSortFields' },
					default: '',
					description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				},
				{ displayName: 'Direction', name: 'direction', type: 'options', options: SORT_DIRECTIONS, default: 'ASC' },
			],
		},
	],
};

/** Sort options shown together. */
export const sortOptions: INodeProperties[] = [sortFieldOption, sortDirectionOption, thenSortOption];

export const relatedFieldsOption: INodeProperties = {
	displayName: 'Related Fields',
	name: 'relatedFields',
	type: 'string',
	default: '',
	placeholder: 'name, email1',
	description: 'Comma-separated fields of the related records to return (all when empty)',
};

export const updateAllMatchesOption: INodeProperties = {
	displayName: 'Update All Matches',
	name: 'updateAllMatches',
	type: 'boolean',
	default: false,
	description: 'Whether to update every matching record instead of failing when more than one matches',
};

export const bulkWriteOption: INodeProperties = {
	displayName: 'Bulk Write',
	name: 'bulkWrite',
	type: 'boolean',
	default: true,
	description:
		"Whether to send records in batches through SarvCRM's service2 (set_entries) instead of one call per item. On by default from node version 1.2; a server without service2 gets one call per item.",
};

export const recordKeyOption: INodeProperties = {
	displayName: 'Record Key',
	name: 'recordKey',
	type: 'string',
	default: '',
	placeholder: '={{ $json.orderId }}',
	description:
		"For imports you re-run on purpose: a value that identifies the item's row (e.g. an order number). A row whose key this node wrote before updates that record instead of creating another. Uses SarvCRM's service2 (set_entries); a server that gives records IDs of its own cannot keep keys, and the node says so before writing.",
};

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 500 },
	default: 100,
	description: 'Records per set_entries call with Bulk Write',
};

export const includeDeletedOption: INodeProperties = {
	displayName: 'Include Deleted Records',
	name: 'includeDeleted',
	type: 'boolean',
	default: false,
	description:
		"Whether to read through SarvCRM's service2, which lists deleted records too (each with its deleted field, '1' when deleted), for reconciliation runs. Check that the server lists them with npm run probe.",
};
