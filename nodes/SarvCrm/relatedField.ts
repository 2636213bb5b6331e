import { isRelationship } from '../core/fields';
import { qualifyColumn } from '../core/where';
import type { ItemContext } from './operation';

/** The Relationship Field parameter, checked like a column: it travels in the query string. */
export function readRelatedField(item: ItemContext): string {
	const field = String(item.param('relatedField', '') ?? '').trim();
	return qualifyColumn(item.module.table, field).split('.')[1];
}

/** The module a relationship field points to (for the related records' links). */
export async function relatedModuleOf(item: ItemContext, field: string): Promise<string | undefined> {
	const fields = await item.fields.fields(item.module.key);
	return fields.find((f) => f.name === field && isRelationship(f))?.relatedModule;
}
