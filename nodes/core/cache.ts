/**
 * A small least-recently-used map. Field lists are shared by every SarvCRM node of one
 * workflow execution through it; the bound keeps a long-running n8n from growing it.
 */
export class LruCache<V> {
	private readonly entries = new Map<string, V>();

	constructor(private readonly max: number) {}

	get(key: string): V | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			// Re-insert: Map keeps insertion order, so the oldest entry is always first.
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: string, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
