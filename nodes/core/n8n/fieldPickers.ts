import type { ILoadOptionsFunctions, INodePropertyOptions, ResourceMapperFields } from 'n8n-workflow';

import { fieldOptions, isColumn, isRelationship, isWritable, LINK_TYPES, mapperFields, type SarvField } from '../fields';
import { openSarv } from './openSarv';

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
