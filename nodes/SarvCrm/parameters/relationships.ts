import type { INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE } from '../../n8n/parameters';

export const relatedFieldProperty: INodeProperties = {
	displayName: 'Relationship Field Name or ID',
	name: 'relatedField',
	type: 'options',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getRelationshipFields' },
	required: true,
	default: '',
	description:
		'Relationship (link) field of the module, e.g. "contacts" on Accounts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const relatedRecordsProperty: INodeProperties = {
	displayName: 'Related Records',
	name: 'relatedRecords',
	type: 'fixedCollection',
	placeholder: 'Add Record',
	typeOptions: { multipleValues: true },
	required: true,
	default: {},
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
				{ displayName: 'Record ID', name: 'id', type: 'string', default: '', description: 'ID of the record to link' },
			],
		},
	],
};
