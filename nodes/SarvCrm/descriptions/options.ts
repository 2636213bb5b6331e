import type { INodeProperties } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../transport/paging';
import { DEPENDS_ON_MODULE, forOperations, forOperationsInCollection } from './common';

/** Requests in flight at once for one node run: SarvCRM is a shared, rate-limited server. */
export const DEFAULT_MAX_PARALLEL = 4;

/** Options the trigger shares with Get Many. */
export const fieldsToReturnOption: INodeProperties = {
	displayName: 'Field Names or IDs',
	name: 'fields',
	type: 'multiOptions',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getReadableFields' },
	default: [],
	description:
		'Fields to return (all when empty). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to drop empty values and system fields (deleted, created_by, modified_user_id) from the output',
};

/** One Options collection for all operations; each option shows where it applies. */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: forOperations('create', 'get', 'getAll', 'update', 'delete', 'getRelated', 'linkRelated', 'upsert', 'searchByNumber'),
	options: [
		{
			displayName: 'Fetch Full Record',
			name: 'returnFullRecord',
			type: 'boolean',
			default: false,
			description: 'Whether to read the saved record back (one more call per item) instead of returning the ID merged with what was sent',
			displayOptions: forOperationsInCollection('create', 'update', 'upsert'),
		},
		{ ...fieldsToReturnOption, displayOptions: forOperationsInCollection('getAll') },
		{
			displayName: 'Max Parallel Requests',
			name: 'maxParallel',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: DEFAULT_MAX_PARALLEL,
			description: 'How many items are sent to SarvCRM at the same time. Lower it if SarvCRM answers 429 (rate limited).',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: MAX_PAGE_SIZE,
			description: 'Records per request while paging (at most 300)',
			displayOptions: forOperationsInCollection('getAll', 'getRelated'),
		},
		{
			displayName: 'Query (SQL WHERE)',
			name: 'query',
			type: 'string',
			default: '',
			placeholder: "leads.status = 'New'",
			description:
				'For experts: a raw WHERE fragment with table-qualified columns, combined with the Filters by AND. Values here are NOT escaped.',
			displayOptions: forOperationsInCollection('getAll', 'getRelated'),
		},
		{
			displayName: 'Related Fields',
			name: 'relatedFields',
			type: 'string',
			default: '',
			placeholder: 'name, email1',
			description: 'Comma-separated fields of the related records to return (all when empty)',
			displayOptions: forOperationsInCollection('getRelated'),
		},
		{ ...simplifyOption, displayOptions: forOperationsInCollection('get', 'getAll', 'getRelated') },
		{
			displayName: 'Sort By Field Name or ID',
			name: 'sortField',
			type: 'options',
			typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getSortFields' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			displayOptions: forOperationsInCollection('getAll'),
		},
		{
			displayName: 'Sort Direction',
			name: 'sortDirection',
			type: 'options',
			options: [
				{ name: 'Ascending', value: 'ASC' },
				{ name: 'Descending', value: 'DESC' },
			],
			default: 'ASC',
			displayOptions: forOperationsInCollection('getAll'),
		},
		{
			displayName: 'Update All Matches',
			name: 'updateAllMatches',
			type: 'boolean',
			default: false,
			description: 'Whether to update every matching record instead of failing when more than one matches',
			displayOptions: forOperationsInCollection('upsert'),
		},
	],
};
