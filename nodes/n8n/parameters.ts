import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { CALENDAR_OPTION } from '../core/dates';
import { JALALI_YEARS } from '../core/jalali';
import { SARV_MODULES } from '../core/modules';

/** The package's mark, relative to a compiled node file (dist/nodes/<Node>/). */
export const NODE_ICON = { light: 'file:../../icons/sarvcrm.svg', dark: 'file:../../icons/sarvcrm.dark.svg' } as const;

/** Dropdowns that read the module's fields reload when the module changes. */
export const DEPENDS_ON_MODULE = { loadOptionsDependsOn: ['resource'] };

/** The module picker: one entry per SarvCRM module, straight from the module table. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: SARV_MODULES.map((m) => ({
		name: m.label,
		value: m.key,
		description: `${m.label} (module ${m.key})`,
	})).sort((a, b) => a.name.localeCompare(b.name)),
	default: 'Leads',
};

const FILTER_OPERATORS = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Greater Than', value: 'greaterThan' },
	{ name: 'Greater Than or Equal', value: 'greaterOrEqual' },
	{ name: 'In List', value: 'inList', description: 'Value is one of a comma-separated list' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Less Than', value: 'lessThan' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Starts With', value: 'startsWith' },
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
							description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{ displayName: 'Operator', name: 'operator', type: 'options', options: FILTER_OPERATORS, default: 'equals' },
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

/** Options of the SarvCRM node and its trigger for what Iranian users type: dates and letter forms. */
export const datesTypedInOption: INodeProperties = {
	displayName: CALENDAR_OPTION,
	name: 'datesTypedIn',
	type: 'options',
	options: [
		{
			name: 'Gregorian',
			value: 'gregorian',
			description: 'Dates are Gregorian (2024-08-02); a year below 1700 is refused as a likely Jalali date',
		},
		{
			name: 'Jalali (Persian Calendar)',
			value: 'jalali',
			description:
				`Dates with a year from ${JALALI_YEARS.min} to ${JALALI_YEARS.max} (1403/05/12 or 1403-05-12, any digits) are converted ` +
				'to Gregorian; years from 1700 on are taken as Gregorian',
		},
	],
	default: 'gregorian',
	description: 'Calendar of the date and datetime values you give (fields and filters). SarvCRM stores Gregorian dates.',
};

export const matchLetterFormsOption: INodeProperties = {
	displayName: 'Match Arabic and Persian Letters',
	name: 'matchLetterForms',
	type: 'boolean',
	default: true,
	description:
		'Whether text filters and match fields find a value whichever form of Yeh and Kaf it is written with: ' +
		'Arabic (U+064A, U+0643) or Persian (U+06CC, U+06A9), as older systems and keyboards differ',
};

export const jalaliCopyOption: INodeProperties = {
	displayName: 'Add Jalali Dates',
	name: 'jalaliDates',
	type: 'boolean',
	default: false,
	description:
		'Whether to add a Jalali (Persian calendar) copy of each date and datetime field, named after it with _jalali ' +
		'(birthdate_jalali: 1403-05-12), for showing dates to people',
};
