import type { ILoadOptionsFunctions, INodePropertyOptions, ResourceMapperFields } from 'n8n-workflow';

import { SarvClient } from '../transport/client';
import { fieldOptions, isRelationship, isWritable, LINK_TYPES, mapperFields, type SarvField } from './fields';

/** The module's fields as the editor sees them (labels in the credential's language). */
async function currentModuleFields(fn: ILoadOptionsFunctions): Promise<SarvField[]> {
	const module = fn.getCurrentNodeParameter('resource') as string;
	const client = await SarvClient.create(fn);
	return await client.fields(module, { operation: 'loadOptions', module });
}

function fieldList(filter: (f: SarvField) => boolean) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return fieldOptions(await currentModuleFields(this), filter);
	};
}

const notLink = (f: SarvField) => !LINK_TYPES.has(f.type);
const SORTABLE_EXCLUDED = new Set(['text', 'multienum', 'link']);

export const loadOptions = {
	getWritableFields: fieldList(isWritable),
	getFilterFields: fieldList(notLink),
	getReadableFields: fieldList(notLink),
	getSortFields: fieldList((f) => !SORTABLE_EXCLUDED.has(f.type)),
	getRelationshipFields: fieldList(isRelationship),
};

export const resourceMapping = {
	async getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return { fields: mapperFields(await currentModuleFields(this)) };
	},
};
