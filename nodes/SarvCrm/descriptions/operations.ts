import type { INodeProperties } from 'n8n-workflow';

/** Every operation works on every module; the module comes from the Resource picker. */
export const OPERATIONS = [
	'create',
	'delete',
	'get',
	'getAll',
	'getFields',
	'getRelated',
	'linkRelated',
	'searchByNumber',
	'update',
	'upsert',
] as const;

export type SarvOperation = (typeof OPERATIONS)[number];

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Create', value: 'create', action: 'Create a record', description: 'Create a new record in the module' },
		{
			name: 'Create or Update',
			value: 'upsert',
			action: 'Create or update a record',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a record', description: 'Delete a record by its ID' },
		{ name: 'Get', value: 'get', action: 'Get a record', description: 'Get one record by its ID' },
		{ name: 'Get Fields', value: 'getFields', action: 'Get the module fields', description: "List the module's fields with their types and options (GetModuleFields)" },
		{ name: 'Get Many', value: 'getAll', action: 'Get many records', description: 'List records, with filters, sorting and paging' },
		{
			name: 'Get Related Records',
			value: 'getRelated',
			action: 'Get related records',
			description: 'List the records linked to a record through a relationship field (GetRelationship)',
		},
		{
			name: 'Link Related Records',
			value: 'linkRelated',
			action: 'Link related records',
			description: 'Link records to a record through a relationship field (SaveRelationships)',
		},
		{
			name: 'Search by Phone Number',
			value: 'searchByNumber',
			action: 'Search by phone number',
			description: 'Find records with a phone number, full or partial (SearchByNumber)',
		},
		{ name: 'Update', value: 'update', action: 'Update a record', description: 'Change fields of a record by its ID' },
	],
	default: 'getAll',
};
