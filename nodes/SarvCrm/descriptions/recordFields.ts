import type { INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE, forOperations } from './common';

const ID_PATTERN = '[A-Za-z0-9_-]{1,64}';

/** Pick the record from a searchable list, type its ID, or paste its SarvCRM web-app link. */
export const recordIdProperty: INodeProperties = {
	displayName: 'Record',
	name: 'recordId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The record to work on',
	displayOptions: forOperations('get', 'update', 'delete', 'getRelated', 'linkRelated'),
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
			validation: [
				{ type: 'regex', properties: { regex: `^${ID_PATTERN}$`, errorMessage: 'Not a SarvCRM record ID' } },
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://app.sarvcrm.com/index.php?utype=…&module=Leads&action=DetailView&record=…',
			extractValue: { type: 'regex', regex: `[?&]record=(${ID_PATTERN})` },
			validation: [
				{ type: 'regex', properties: { regex: `.*[?&]record=${ID_PATTERN}.*`, errorMessage: 'Not a SarvCRM record link (it has no record=…)' } },
			],
		},
	],
};

const fieldsInput: INodeProperties = {
	displayName: 'Fields Input',
	name: 'fieldsInput',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Map Each Field', value: 'mapper', description: 'Typed columns loaded from the module, or mapped automatically from the input' },
		{ name: 'Field List', value: 'list', description: 'Pairs of field name and value; names can be expressions' },
	],
	default: 'mapper',
	displayOptions: forOperations('create', 'update', 'upsert'),
};

function mapper(mode: 'add' | 'upsert', operations: Array<'create' | 'update' | 'upsert'>): INodeProperties {
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
		displayOptions: { show: { operation: operations, fieldsInput: ['mapper'] } },
	};
}

const fieldList: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'fixedCollection',
	placeholder: 'Add Field',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	displayOptions: { show: { operation: ['create', 'update', 'upsert'], fieldsInput: ['list'] } },
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
					description: 'Enum fields take the option key, dates ISO 8601 (2024-03-20), booleans true or false',
				},
			],
		},
	],
};

const matchFields: INodeProperties = {
	displayName: 'Match On Field Names or IDs',
	name: 'matchFields',
	type: 'multiOptions',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getFilterFields' },
	required: true,
	default: [],
	description:
		'Fields whose values identify the record: a record with the same values is updated, otherwise one is created. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { operation: ['upsert'], fieldsInput: ['list'] } },
};

const phoneNumbers: INodeProperties = {
	displayName: 'Phone Numbers',
	name: 'phoneNumbers',
	type: 'fixedCollection',
	placeholder: 'Add Phone Number',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Sent as the record\'s "numbers" list',
	displayOptions: forOperations('create', 'update', 'upsert'),
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

export const recordFieldProperties: INodeProperties[] = [
	recordIdProperty,
	fieldsInput,
	mapper('add', ['create', 'update']),
	mapper('upsert', ['upsert']),
	fieldList,
	matchFields,
	phoneNumbers,
];
