import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE, forOperations } from './common';

const paged = forOperations('getAll', 'getRelated');

const FILTER_OPERATORS = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Greater Than', value: 'greaterThan' },
	{ name: 'In List', value: 'inList', description: 'Value is one of a comma-separated list' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Less Than', value: 'lessThan' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Starts With', value: 'startsWith' },
];

export const listFieldProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: paged,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getAll', 'getRelated'], returnAll: [false] } },
	},
	...filterProperties(forOperations('getAll')),
];

/** Filter rows and their AND/OR switch; shared by Get Many and the trigger. */
export function filterProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			placeholder: 'Add Filter',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			description: 'Conditions on fields; values are always searched literally',
			displayOptions,
			options: [
				{
					displayName: 'Condition',
					name: 'conditions',
					values: [
						{
							displayName: 'Field Name or ID',
							name: 'field',
							type: 'options',
							typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getFilterFields' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							options: FILTER_OPERATORS,
							default: 'equals',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							displayOptions: { hide: { operator: ['isEmpty', 'isNotEmpty'] } },
						},
					],
				},
			],
		},
		{
			displayName: 'Match',
			name: 'combineFilters',
			type: 'options',
			options: [
				{ name: 'All Filters', value: 'AND' },
				{ name: 'Any Filter', value: 'OR' },
			],
			default: 'AND',
			displayOptions,
		},
	];
}
