import type { FieldType, ILoadOptionsFunctions, INodePropertyOptions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { isColumn, isDateType, isNumericType, isRelationship, isWritable, LINK_TYPES, type SarvField } from '../core/fields';
import { openSarv } from './openSarv';

function byLabel(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return String(a.name).localeCompare(String(b.name));
}

/** Dropdown entries: label, API name and type, required ones marked. */
export function fieldOptions(fields: SarvField[], filter: (f: SarvField) => boolean = () => true): INodePropertyOptions[] {
	return fields
		.filter(filter)
		.map((f) => ({
			name: `${f.label}${f.required ? ' *' : ''} (${f.name})`,
			value: f.name,
			description: `${f.type}${f.required ? ', required' : ''}`,
		}))
		.sort(byLabel);
}

function mapperType(field: SarvField): FieldType {
	if (field.type === 'enum' || field.type === 'radioenum') return 'options';
	if (field.type === 'multienum') return 'array';
	if (field.type === 'bool') return 'boolean';
	if (isNumericType(field.type)) return 'number';
	if (isDateType(field.type)) return 'dateTime';
	if (field.name === 'numbers') return 'array';
	return 'string';
}

/** Columns of n8n's resource mapper (typed, enum options offered, required marked). */
export function mapperFields(fields: SarvField[]): ResourceMapperField[] {
	return fields.filter(isWritable).map((f) => {
		const type = mapperType(f);
		return {
			id: f.name,
			displayName: `${f.label} (${f.name})`,
			required: f.required,
			defaultMatch: false,
			canBeUsedToMatch: isColumn(f),
			display: true,
			type,
			...(type === 'options' ? { options: f.options.map((o) => ({ name: o.label, value: o.value })) } : {}),
		};
	});
}

/** The module's fields as the editor sees them (labels in the credential's language). */
async function currentModuleFields(fn: ILoadOptionsFunctions): Promise<SarvField[]> {
	const module = fn.getCurrentNodeParameter('resource') as string;
	const { fields } = await openSarv(fn);
	return await fields.fields(module);
}

function fieldList(filter: (f: SarvField) => boolean) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return fieldOptions(await currentModuleFields(this), filter);
	};
}

const notLink = (f: SarvField) => !LINK_TYPES.has(f.type);
const UNSORTABLE_TYPES = new Set(['text', 'multienum']);

/**
 * Dropdowns of both nodes: which fields a picker offers is decided here, from metadata.
 * Filters, sorts and matches offer only columns, so no field they offer can make a MySQL error.
 */
export const loadOptions = {
	getWritableFields: fieldList(isWritable),
	getFilterFields: fieldList(isColumn),
	getReadableFields: fieldList(notLink),
	getSortFields: fieldList((f) => isColumn(f) && !UNSORTABLE_TYPES.has(f.type)),
	getRelationshipFields: fieldList(isRelationship),
};

export const resourceMapping = {
	async getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return { fields: mapperFields(await currentModuleFields(this)) };
	},
};
