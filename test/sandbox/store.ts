/**
 * In-memory tables of the sandbox: one Map per module (insertion ordered), hidden
 * sequence numbers for stable ordering, and many-to-many links with extra attributes.
 */
import { fieldMap, isColumn, moduleFields, type FieldDef } from './fields';
import { coerce, formatDateTime, primaryNumberRaw, randomUuid, type PhoneNumber } from './values';

export type Rec = Record<string, unknown>;

export interface StoreUser {
	id: string;
	user_name: string;
}

interface Meta {
	/** creation order, tie-breaker for equal date_entered */
	created: number;
	/** last write order, tie-breaker for equal date_modified */
	modified: number;
}

export class Store {
	private tables = new Map<string, Map<string, Rec>>();
	private meta = new Map<string, Meta>();
	private links = new Map<string, Map<string, Rec>>();
	private seq = 0;
	private lastMs = 0;
	private counters = new Map<string, number>();
	/** Profile switch: false = modules carry phone_mobile / phone_work instead of `numbers`. */
	numbersField = true;

	constructor(
		readonly utype: string,
		readonly users: StoreUser[],
	) {}

	clear(): void {
		this.tables.clear();
		this.meta.clear();
		this.links.clear();
		this.counters.clear();
	}

	/** Wall clock that never goes backwards (timestamps of later writes are never earlier). */
	now(): number {
		this.lastMs = Math.max(Date.now(), this.lastMs);
		return this.lastMs;
	}

	/** Lets tests make time pass: later writes get timestamps at least `ms` later. */
	advanceClock(ms: number): void {
		this.lastMs = this.now() + ms;
	}

	fields(module: string): FieldDef[] {
		return moduleFields(module, this.utype, this.numbersField) ?? [];
	}

	fieldMap(module: string): Map<string, FieldDef> | undefined {
		return fieldMap(module, this.utype, this.numbersField);
	}

	/** Grows with every write: what a cache of query results keys on. */
	get revision(): number {
		return this.seq;
	}

	private table(module: string): Map<string, Rec> {
		let t = this.tables.get(module);
		if (!t) this.tables.set(module, (t = new Map()));
		return t;
	}

	get(module: string, id: string): Rec | undefined {
		return this.tables.get(module)?.get(id);
	}

	/** Live (not deleted) record or undefined. */
	live(module: string, id: string): Rec | undefined {
		const r = this.get(module, id);
		return r && r.deleted !== '1' ? r : undefined;
	}

	all(module: string): Rec[] {
		return [...(this.tables.get(module)?.values() ?? [])];
	}

	seqOf(module: string, id: string): Meta {
		return this.meta.get(`${module}\u0000${id}`) ?? { created: 0, modified: 0 };
	}

	/**
	 * Adds a record as the server would: id, dates, owner, defaults, derived fields.
	 * Values must already be in stored form (see values.coerce); given server fields win.
	 */
	create(module: string, values: Rec, userId: string, at = this.now()): Rec {
		const stamp = formatDateTime(at);
		const rec: Rec = {};
		for (const d of this.fields(module)) {
			if (d.default !== undefined && d.type !== 'relate') rec[d.name] = d.default;
			if (d.calculated && d.type === 'int') {
				const n = (this.counters.get(`${module}.${d.name}`) ?? 0) + 1;
				this.counters.set(`${module}.${d.name}`, n);
				rec[d.name] = String(n);
			}
		}
		Object.assign(rec, {
			id: randomUuid(),
			date_entered: stamp,
			date_modified: stamp,
			created_by: userId,
			modified_user_id: userId,
			assigned_user_id: userId,
			deleted: '0',
		});
		for (const [k, v] of Object.entries(values)) if (v !== undefined) rec[k] = v;
		this.derive(module, rec);
		const id = String(rec.id);
		this.table(module).set(id, rec);
		const s = ++this.seq;
		this.meta.set(`${module}\u0000${id}`, { created: s, modified: s });
		return rec;
	}

	update(module: string, id: string, values: Rec, userId: string): Rec {
		const rec = this.get(module, id)!;
		Object.assign(rec, values, { date_modified: formatDateTime(this.now()), modified_user_id: userId });
		this.derive(module, rec);
		this.meta.get(`${module}\u0000${id}`)!.modified = ++this.seq;
		return rec;
	}

	remove(module: string, id: string, userId: string): void {
		this.update(module, id, { deleted: '1' }, userId);
	}

	/** Values kept in sync by the server: the person name and the raw primary number. */
	private derive(module: string, rec: Rec): void {
		const fields = this.fieldMap(module)!;
		if (fields.has('first_name')) {
			const full = [rec.first_name, rec.last_name].filter((v) => typeof v === 'string' && v.trim()).join(' ');
			rec.name = full || null;
		}
		if (fields.has('numbers')) rec.primary_number_raw = primaryNumberRaw(rec.numbers as PhoneNumber[] | undefined);
	}

	/** Coerces loosely typed values (for `insert()`), keeping what does not coerce as given. */
	looseValues(module: string, input: Rec): Rec {
		const fields = this.fieldMap(module)!;
		const out: Rec = {};
		for (const [k, v] of Object.entries(input)) {
			const d = fields.get(k);
			const c = d && !d.readonly ? coerce(d, v) : undefined;
			out[k] = c && c.ok === true ? c.value : v;
		}
		return out;
	}

	// ---- relationships ----

	private linkKey(module: string, id: string, field: string) {
		return `${module}\u0000${id}\u0000${field}`;
	}

	link(module: string, id: string, field: string, relatedId: string, extra: Rec): void {
		const key = this.linkKey(module, id, field);
		let m = this.links.get(key);
		if (!m) this.links.set(key, (m = new Map()));
		m.set(relatedId, { ...(m.get(relatedId) ?? {}), ...extra });
	}

	/** Related ids with their extra attributes: explicit links plus one-to-many ones via an id field. */
	related(module: string, id: string, def: FieldDef): Array<[string, Rec]> {
		const out = new Map<string, Rec>();
		if (def.via && def.related) {
			for (const r of this.all(def.related)) if (r[def.via] === id) out.set(String(r.id), {});
		}
		for (const [rid, extra] of this.links.get(this.linkKey(module, id, def.name)) ?? []) out.set(rid, extra);
		return [...out];
	}

	// ---- output ----

	/** Display name of a record for relate fields and SearchByNumber. */
	nameOf(module: string, id: unknown): string | null {
		if (typeof id !== 'string' || !id) return null;
		if (module === 'Users') return this.users.find((u) => u.id === id)?.user_name ?? null;
		const r = this.get(module, id);
		return r && typeof r.name === 'string' ? r.name : null;
	}

	/** The record as the API shows it: every column (null when empty), relate names resolved. */
	view(module: string, rec: Rec): Rec {
		const out: Rec = {};
		for (const d of this.fields(module)) {
			if (!isColumn(d)) continue;
			if (d.type === 'relate') {
				const target = d.idName === 'parent_id' && typeof rec.parent_type === 'string' ? rec.parent_type : d.related!;
				out[d.name] = this.nameOf(target, rec[d.idName!]);
			} else if (d.name === 'numbers') {
				out[d.name] = Array.isArray(rec.numbers) ? rec.numbers.map((n) => ({ ...n })) : [];
			} else out[d.name] = rec[d.name] ?? null;
		}
		if ('primary_number_raw' in rec) out.primary_number_raw = rec.primary_number_raw ?? null;
		return out;
	}
}
