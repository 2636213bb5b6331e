import type { INodeProperties } from 'n8n-workflow';

const ID_PATTERN = '[A-Za-z0-9_-]{1,64}';

/** Pick the record from a searchable list, type its ID, or paste its SarvCRM web-app link. */
export const recordIdProperty: INodeProperties = {
	displayName: 'Record',
	name: 'recordId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The record to work on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchRecords', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '5316cfc7-55e7-73ba-8e02-64c0b2a26b3b',
			validation: [{ type: 'regex', properties: { regex: `^${ID_PATTERN}$`, errorMessage: 'Not a SarvCRM record ID' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://app.sarvcrm.com/index.php?utype=…&module=Leads&action=DetailView&record=…',
			extractValue: { type: 'regex', regex: `[?&]record=(${ID_PATTERN})` },
			validation: [
				{
					type: 'regex',
					properties: { regex: `.*[?&]record=${ID_PATTERN}.*`, errorMessage: 'Not a SarvCRM record link (it has no record=…)' },
				},
			],
		},
	],
};
