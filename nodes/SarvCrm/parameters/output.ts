import type { INodeProperties } from 'n8n-workflow';

import { DEPENDS_ON_MODULE } from '../../n8n/parameters';

/** From this version on, reads have an Output choice (n8n's guideline for tool-usable nodes). */
export const OUTPUT_VERSION = 1.1;

const fromOutputVersion = { '@version': [{ _cnd: { gte: OUTPUT_VERSION } }] };

export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'Simplified', value: 'simplified', description: 'Only fields with a value, without system fields (deleted, created_by, …)' },
		{ name: 'Raw', value: 'raw', description: 'Every field as SarvCRM returns it' },
		{ name: 'Selected Fields', value: 'selected', description: 'Only the fields you choose (and the ID)' },
	],
	default: 'simplified',
	description: 'How much of each record to return. Simplified keeps replies small, which suits AI agents.',
	displayOptions: { show: fromOutputVersion },
};

export const selectedFieldsProperty: INodeProperties = {
	displayName: 'Field Names or IDs',
	name: 'selectedFields',
	type: 'multiOptions',
	typeOptions: { ...DEPENDS_ON_MODULE, loadOptionsMethod: 'getReadableFields' },
	default: [],
	description:
		'Fields to return with each record. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { ...fromOutputVersion, output: ['selected'] } },
};

/** The Output parameters of a read operation. */
export const outputProperties: INodeProperties[] = [outputProperty, selectedFieldsProperty];
