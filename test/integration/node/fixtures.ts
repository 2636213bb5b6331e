import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { labelField } from '../../../nodes/core/fields';
import type { Harness } from '../../harness';
import { DEFAULT_PROFILE } from '../../sandbox';

/** A field as the node's Get Fields operation returns it. */
export interface FieldItem {
	name: string;
	type: string;
	required: boolean;
	options: Array<{ value: string; label: string }>;
}

const READ_ONLY = new Set(['id', 'date_entered', 'date_modified', 'created_by', 'modified_user_id', 'deleted']);

/** A value the field accepts, by type: how a user would fill the form. */
export function sampleValue(field: FieldItem, tag: string): string {
	if (field.options.length) return field.options[0].value;
	switch (field.type) {
		case 'int':
		case 'integer':
			return '7';
		case 'float':
		case 'currency':
		case 'decimal':
			return '1250.5';
		case 'bool':
			return 'true';
		case 'date':
			return '2024-03-20';
		case 'datetime':
		case 'datetimecombo':
			return '2024-03-20T10:30:00+03:30';
		case 'email':
			return `${tag.toLowerCase()}@example.com`;
		case 'url':
			return 'https://example.com';
		default:
			return `${tag} رکورد`;
	}
}

/** Name/value rows for every required, writable field: the smallest valid record. */
export function requiredFieldRows(fields: FieldItem[], tag: string): Array<{ name: string; value: string }> {
	return fields
		.filter((f) => f.required && !READ_ONLY.has(f.name) && f.type !== 'link' && f.type !== 'relate' && f.type !== 'id')
		.map((f) => ({ name: f.name, value: sampleValue(f, tag) }));
}

/** The text field a round trip can change and filter on: the one the Record picker searches by. */
export function editableTextField(fields: FieldItem[]): FieldItem {
	const label = labelField(fields);
	const byLabel = fields.find((f) => f.name === label && ['name', 'varchar'].includes(f.type));
	const field = byLabel ?? fields.find((f) => f.type === 'varchar' && !READ_ONLY.has(f.name));
	if (!field) throw new Error('module has no text field');
	return field;
}

/** The Field List parameter (fieldsInput: 'list') as the editor stores it. */
export const listFields = (rows: Array<{ name: string; value: string }>): INodeParameters => ({ field: rows });

/** What a bulk or re-run test may leave on the sandbox (a profile, set_entries faults, queued faults), undone. */
export function restoreSandbox(h: Harness): void {
	h.sandbox.setProfile({ ...DEFAULT_PROFILE });
	h.sandbox.service2.bulkFaults = {};
	h.sandbox.clearFaults();
}

/** Create Leads from rows `{ name, note }`: the import the bulk and re-run suites run. */
export const createLeads = (options: IDataObject = {}): INodeParameters => ({
	resource: 'Leads',
	operation: 'create',
	fieldsInput: 'list',
	fields: {
		field: [
			{ name: 'last_name', value: '={{ $json.name }}' },
			{ name: 'status', value: 'New' },
			{ name: 'description', value: '={{ $json.note }}' },
		],
	},
	options: { batchSize: 100, ...options },
});

/** Rows with the same names every time: what an hourly job or a re-sent form batch gives. */
export const leadRows = (tag: string, n: number, note = (_i: number) => '') =>
	Array.from({ length: n }, (_, i) => ({ name: `${tag}-${i}`, note: note(i) }));
