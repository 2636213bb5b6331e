import type { IDataObject } from 'n8n-workflow';

/** One field of a module, normalised from GetModuleFields (whose shapes vary by server). */
export interface SarvField {
	name: string;
	label: string;
	type: string;
	required: boolean;
	options: Array<{ value: string; label: string }>;
	relatedModule?: string;
	idName?: string;
	len?: number;
	/** Computed by SarvCRM (an auto number, a person's full name): never written */
	calculated?: boolean;
}

/** Written by the server, never by a client. */
export const READ_ONLY_FIELDS = new Set([
	'id',
	'date_entered',
	'date_modified',
	'created_by',
	'created_by_name',
	'modified_user_id',
	'modified_by_name',
	'deleted',
]);

/** Relationship fields are read through GetRelationship and written through SaveRelationships. */
export const LINK_TYPES = new Set(['link']);

const NUMERIC_TYPES = new Set(['int', 'integer', 'float', 'double', 'decimal', 'currency']);
const DATE_TYPES = new Set(['date', 'datetime', 'datetimecombo']);

export function isNumericType(type: string): boolean {
	return NUMERIC_TYPES.has(type);
}

export function isDateType(type: string): boolean {
	return DATE_TYPES.has(type);
}

function truthy(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}

/** `options` comes as `{key: label}`, as `[{name, value}]`, or as an empty list. */
export function normalizeOptions(options: unknown): Array<{ value: string; label: string }> {
	if (Array.isArray(options)) {
		return options
			.filter((o): o is IDataObject => !!o && typeof o === 'object')
			.map((o) => ({ value: String(o.value ?? o.name ?? ''), label: String(o.name ?? o.label ?? o.value ?? '') }));
	}
	if (options && typeof options === 'object') {
		return Object.entries(options as IDataObject).map(([value, label]) => ({ value, label: String(label ?? value) }));
	}
	return [];
}

/** `data` of GetModuleFields: an object keyed by field name (a list is accepted too). */
export function normalizeModuleFields(data: unknown): SarvField[] {
	const entries: Array<[string, IDataObject]> = Array.isArray(data)
		? (data as IDataObject[]).map((f) => [String(f?.name ?? ''), f])
		: Object.entries((data ?? {}) as Record<string, IDataObject>);
	return entries
		.filter(([key, f]) => key && f && typeof f === 'object')
		.map(([key, f]) => {
			const len = Number(f.len);
			return {
				name: String(f.name ?? key),
				label: String(f.label || f.name || key).replace(/:\s*$/, ''),
				type: String(f.type ?? 'varchar').toLowerCase(),
				required: truthy(f.required),
				options: normalizeOptions(f.options),
				relatedModule: f.related_module ? String(f.related_module) : undefined,
				idName: f.id_name ? String(f.id_name) : undefined,
				len: Number.isFinite(len) && len > 0 ? len : undefined,
				...(truthy(f.calculated) ? { calculated: true } : {}),
			};
		});
}

export function isWritable(field: SarvField): boolean {
	return !READ_ONLY_FIELDS.has(field.name) && !LINK_TYPES.has(field.type) && !field.calculated;
}

/**
 * Whether the field is a database column a WHERE or ORDER BY can name. Relate and link fields
 * are joins, and a computed name (Leads' and Contacts' `name`) exists only in replies.
 */
export function isColumn(field: SarvField): boolean {
	if (field.type === 'relate' || LINK_TYPES.has(field.type)) return false;
	return !(field.calculated && field.type === 'name');
}

export function isRelationship(field: SarvField): boolean {
	return LINK_TYPES.has(field.type) || (field.type === 'relate' && !!field.relatedModule);
}

/**
 * The field a person recognises a record by. Person modules compute `name` from first
 * and last name (not a column to search), so `last_name` comes first there.
 */
export function labelField(fields: ReadonlyArray<{ name: string }>): string | undefined {
	const names = new Set(fields.map((f) => f.name));
	return ['last_name', 'name', 'subject', 'document_name', 'title'].find((n) => names.has(n));
}
