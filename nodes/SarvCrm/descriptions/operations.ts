import type { OperationTemplate } from './actions';

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

/**
 * Every operation, as the nodes panel and the Operation picker show it for one module
 * (templates: see descriptions/actions.ts). Sorted by name, as n8n lists options.
 */
export const OPERATION_TEMPLATES: readonly OperationTemplate[] = [
	{ name: 'Create', value: 'create', action: 'Create {a singular}', description: 'Create a new {singular} record' },
	{
		name: 'Create or Update',
		value: 'upsert',
		action: 'Create or update {a singular}',
		description: 'Create a new {singular}, or update the current one if it already exists (upsert)',
	},
	{ name: 'Delete', value: 'delete', action: 'Delete {a singular}', description: 'Delete {a singular} by its ID' },
	{ name: 'Get', value: 'get', action: 'Get {a singular}', description: 'Get one {singular} by its ID' },
	{
		name: 'Get Fields',
		value: 'getFields',
		action: 'Get {singular} fields',
		description: 'List the fields of {plural} with their types and options (GetModuleFields)',
	},
	{ name: 'Get Many', value: 'getAll', action: 'Get many {plural}', description: 'List {plural}, with filters, sorting and paging' },
	{
		name: 'Get Related Records',
		value: 'getRelated',
		action: 'Get records related to {a singular}',
		description: 'List the records linked to {a singular} through a relationship field (GetRelationship)',
	},
	{
		name: 'Link Related Records',
		value: 'linkRelated',
		action: 'Link records to {a singular}',
		description: 'Link records to {a singular} through a relationship field (SaveRelationships)',
	},
	{
		name: 'Search by Phone Number',
		value: 'searchByNumber',
		action: 'Search {plural} by phone number',
		description: 'Find {plural} (or records of any module) with a phone number, full or partial (SearchByNumber)',
	},
	{ name: 'Update', value: 'update', action: 'Update {a singular}', description: 'Change fields of {a singular} by its ID' },
];

export const DEFAULT_OPERATION: SarvOperation = 'getAll';
