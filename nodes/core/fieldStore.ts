import { LruCache } from './cache';
import type { SarvClient } from './client';
import { normalizeModuleFields, type SarvField } from './fields';

/** Field lists of recent executions; an execution needs a handful of modules at most. */
const FIELD_LISTS = new LruCache<Promise<SarvField[]>>(200);

/**
 * GetModuleFields, once per module per scope (a workflow execution and credential: the
 * credential's language sets the labels), however many items and SarvCRM nodes need it.
 */
export class FieldStore {
	constructor(
		private readonly client: SarvClient,
		private readonly scope: string,
	) {}

	async fields(module: string): Promise<SarvField[]> {
		const key = `${this.scope}\u0000${module}`;
		let cached = FIELD_LISTS.get(key);
		if (!cached) {
			cached = this.client.request({ method: 'GetModuleFields', httpMethod: 'GET', module }).then((r) => normalizeModuleFields(r.data));
			// A failed load is not cached, so a later item can try again.
			cached.catch(() => FIELD_LISTS.delete(key));
			FIELD_LISTS.set(key, cached);
		}
		return await cached;
	}
}
