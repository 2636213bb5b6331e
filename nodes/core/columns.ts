import { findSarvApiError } from './errors';
import type { SarvModule } from './modules';
import type { TableRef } from './where';

/**
 * Where this server keeps columns. On a SuiteCRM-style database custom fields (`*_c`) live
 * in `<table>_cstm`; other servers expose them on the module's table. Nothing in the API
 * says which: the first "Unknown column '<table>.x_c'" answer teaches it, once per server
 * (kept in server.ts).
 */
export interface ColumnLayout {
	customTable?: 'same' | 'cstm';
}

/** The module's table as the WHERE builder qualifies columns with it. */
export function tableRef(module: SarvModule, layout: ColumnLayout = {}): TableRef {
	return layout.customTable === 'cstm' ? { name: module.table, customTable: `${module.table}_cstm` } : module.table;
}

/**
 * Whether `error` is the server refusing a custom column on the module's table, and so the
 * layout just learned `cstm` (the caller builds the request again and retries once).
 */
export function learnCustomTable(error: unknown, module: SarvModule, layout: ColumnLayout): boolean {
	const failure = findSarvApiError(error)?.failure;
	if (!failure || failure.kind !== 'query' || layout.customTable === 'cstm') return false;
	const text = failure.rawText ?? failure.message;
	const unknown = /Unknown column '([A-Za-z0-9_]+)\.([A-Za-z0-9_]+_c)'/i.exec(text);
	if (!unknown || unknown[1].toLowerCase() !== module.table.toLowerCase()) return false;
	layout.customTable = 'cstm';
	return true;
}
