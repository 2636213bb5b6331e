import type { INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE } from '../../n8n/parameters';

export const fieldsInput: INodeProperties = {
	displayName: 'Fields Input',
	name: 'fieldsInput',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Map Each Field',
			value: 'mapper',
			description: 'Typed columns loaded from the module, or mapped automatically from the input',
		},
		{ name: 'Field List', value: 'list', description: 'Pairs of field name and value; names can be expressions' },
	],
	default: 'mapper',
};

function mapper(mode: 'add' | 'upsert'): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			...DEPENDS_ON_MODULE,
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: true,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { fieldsInput: ['mapper'] } },
	};
}

export const fieldList: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'fixedCollection',
	placeholder: 'Add Field',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	displayOptions: { show: { fieldsInput: ['list'] } },
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Name or ID',
					name: 'name',
					type: 'options',
					typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getWritableFields' },
					default: '',
					description:
						'Field to set. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'Enum fields take the option key, dates ISO 8601 (2024-03-20, or Jalali with Options > Dates Typed In), booleans true or false',
				},
			],
		},
	],
};

export const matchFields: INodeProperties = {
	displayName: 'Match On Field Names or IDs',
	name: 'matchFields',
	type: 'multiOptions',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getFilterFields' },
	required: true,
	default: [],
	description:
		'Fields whose values identify the record: a record with the same values is updated, otherwise one is created. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { fieldsInput: ['list'] } },
};

export const phoneNumbers: INodeProperties = {
	displayName: 'Phone Numbers',
	name: 'phoneNumbers',
	type: 'fixedCollection',
	placeholder: 'Add Phone Number',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Sent as the record\'s "numbers" list',
	options: [
		{
			displayName: 'Number',
			name: 'number',
			values: [
				{ displayName: 'Country Code', name: 'phoneCode', type: 'string', default: '+98', placeholder: '+98' },
				{ displayName: 'Fax', name: 'fax', type: 'boolean', default: false },
				{ displayName: 'Number', name: 'number', type: 'string', default: '', placeholder: '09121234567' },
				{ displayName: 'Primary', name: 'primary', type: 'boolean', default: false },
				{ displayName: 'SMS', name: 'sms', type: 'boolean', default: false, description: 'Whether the number receives SMS' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Fax', value: 'Fax' },
						{ name: 'Home', value: 'Home' },
						{ name: 'Mobile', value: 'Mobile' },
						{ name: 'Other', value: 'Other' },
						{ name: 'Work', value: 'Work' },
					],
					default: 'Mobile',
				},
			],
		},
	],
};

/** Create and Update: typed columns (or auto-map), or a name/value list, plus phone numbers. */
export const writeProperties: INodeProperties[] = [fieldsInput, mapper('add'), fieldList, phoneNumbers];

/** Create or Update: the same, with the fields to match on. */
export const upsertProperties: INodeProperties[] = [fieldsInput, mapper('upsert'), fieldList, matchFields, phoneNumbers];
