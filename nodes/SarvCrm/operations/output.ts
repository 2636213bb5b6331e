import type { IDataObject } from 'n8n-workflow';

import type { SarvClient } from '../transport/client';

/** Fields SarvCRM maintains itself; "Simplify" leaves them out. */
const SYSTEM_FIELDS = new Set(['deleted', 'created_by', 'modified_user_id', 'created_by_name', 'modified_by_name']);

function isEmpty(value: unknown): boolean {
	if (value === null || value === undefined || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value as object).length === 0;
	return false;
}

export function simplifyRecord(record: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([key, value]) => !SYSTEM_FIELDS.has(key) && !isEmpty(value)));
}

/** Get answers `data: [record]` (older servers: the object itself). */
export function unwrapRecord(data: unknown): IDataObject | undefined {
	if (Array.isArray(data)) return (data[0] as IDataObject | undefined) ?? undefined;
	if (data && typeof data === 'object' && Object.keys(data).length) return data as IDataObject;
	return undefined;
}

/** Adds the web-app link, never overwriting a field of the record that is itself called url. */
export function withRecordUrl(client: SarvClient, module: string | undefined, record: IDataObject): IDataObject {
	if (!module || typeof record.id !== 'string' || !record.id || 'url' in record) return record;
	return { ...record, url: client.recordUrl(module, record.id) };
}

export function shapeRecord(client: SarvClient, module: string | undefined, record: IDataObject, simplify: boolean): IDataObject {
	return withRecordUrl(client, module, simplify ? simplifyRecord(record) : record);
}
