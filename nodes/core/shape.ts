import type { IDataObject } from 'n8n-workflow';

/** Fields SarvCRM maintains itself; the simplified output leaves them out. */
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

/** Only the named fields (and the id, which every later step needs). */
export function selectFields(record: IDataObject, fields: readonly string[]): IDataObject {
	const keep = new Set(['id', ...fields]);
	return Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
}

/** How a record is handed on: as SarvCRM sent it, simplified, or reduced to chosen fields. */
export type RecordOutput = { mode: 'raw' } | { mode: 'simplified' } | { mode: 'selected'; fields: string[] };

/**
 * Adds the web-app link, never overwriting a field of the record that is itself called url.
 * `owned`: the record is the caller's alone (a listing's page, parsed for it and handed on once),
 * so it may become the output itself; otherwise the output is always a new object.
 */
export function shapeRecord(record: IDataObject, output: RecordOutput, url?: (id: string) => string, owned = false): IDataObject {
	const shaped =
		output.mode === 'simplified' ? simplifyRecord(record) : output.mode === 'selected' ? selectFields(record, output.fields) : record;
	if (!url || typeof record.id !== 'string' || !record.id || 'url' in shaped) return shaped;
	// A copy of each of 10,000 raw records cost more than the rest of shaping them.
	if (shaped !== record || owned) {
		shaped.url = url(record.id);
		return shaped;
	}
	return { ...shaped, url: url(record.id) };
}
