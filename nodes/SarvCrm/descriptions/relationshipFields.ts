import type { INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE, forOperations } from './common';

export const relationshipFieldProperties: INodeProperties[] = [
	{
		displayName: 'Relationship Field Name or ID',
		name: 'relatedField',
		type: 'options',
		typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getRelationshipFields' },
		required: true,
		default: '',
		description:
			'Relationship (link) field of the module, e.g. "contacts" on Accounts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: forOperations('getRelated', 'linkRelated'),
	},
	{
		displayName: 'Related Records',
		name: 'relatedRecords',
		type: 'fixedCollection',
		placeholder: 'Add Record',
		typeOptions: { multipleValues: true },
		required: true,
		default: {},
		displayOptions: forOperations('linkRelated'),
		options: [
			{
				displayName: 'Record',
				name: 'record',
				values: [
					{
						displayName: 'Extra Attributes',
						name: 'attributes',
						type: 'json',
						default: '{}',
						description: 'Attributes of the link itself, e.g. {"qty": 2, "unit_id": "Branch"} for invoice products',
					},
					{
						displayName: 'Record ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'ID of the record to link',
					},
				],
			},
		],
	},
];

export const searchFieldProperties: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '09121234567',
		description: 'Full or partial number; spaces, dashes and the + are ignored',
		displayOptions: forOperations('searchByNumber'),
	},
	{
		displayName: 'Search All Modules',
		name: 'allModules',
		type: 'boolean',
		default: false,
		description: 'Whether to search every module that has phone numbers instead of only the selected one',
		displayOptions: forOperations('searchByNumber'),
	},
];
