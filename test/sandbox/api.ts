/**
 * The API methods of `API.php?method=...`, transport-free: each takes the parsed call
 * and returns the reply the real server would give (JSON, or MySQL's plain text).
 */
import type { Session, Sessions } from './auth';
import { describeModule, isNonDb, MODULE_KEYS, phoneFields, type FieldDef } from './fields';
import { errorMessage, okMessage } from './messages';
import { DEFAULT_PROFILE, type SandboxProfile } from './profile';
import { moduleTable, specError } from './spec';
import type { Rec, Store } from './store';
import { coerce, digitsOf, nationalDigits, type PhoneNumber } from './values';
import {
	checkColumns,
	compareValues,
	matches,
	parseOrderBy,
	parseWhere,
	SqlError,
	type ColumnInfo,
	type EvalContext,
	type SqlValue,
	type WhereAst,
} from './where';

export type Reply = { status: number; json: unknown } | { status: number; text: string; contentType?: string };

export interface Call {
	httpMethod: string;
	params: URLSearchParams;
	body: Rec;
	session?: Session;
	/** service2's `get_entry_list` with `deleted` (never set over v5's HTTP): deleted rows are listed too. */
	withDeleted?: boolean;
}

export const METHODS = ['Login', 'Retrieve', 'Save', 'GetModuleFields', 'GetRelationship', 'SaveRelationships', 'SearchByNumber'] as const;
/** Methods whose `module` must name one of the 40 modules. */
export const MODULE_METHODS = new Set(['Retrieve', 'Save', 'GetModuleFields', 'GetRelationship', 'SaveRelationships']);

/**
 * Error reply with the code table's HTTP status and text; the profile decides the
 * message's language and whether the body names the code.
 */
export function sarvError(code: number, message?: string, data: unknown = [], profile: SandboxProfile = DEFAULT_PROFILE): Reply {
	const e = specError(code)!;
	const json: Rec = { status: e.httpStatus };
	if (profile.errorCode === 'in-body') json.code = code;
	json.message = errorMessage(code, profile.messages === 'persian-only', message ?? e.message);
	json.data = data;
	return { status: e.httpStatus, json };
}

const mysql = (e: SqlError): Reply => ({ status: 200, text: `MySQL Error: ${e.message}` });

export interface ApiOptions {
	utype: string;
	profile(): SandboxProfile;
}

interface ListOptions {
	query: string;
	orderBy: string;
	selected?: string[];
	limit: number;
	offset: number;
	withDeleted?: boolean;
}

const DEFAULT_LIMIT = 25;

/** Deterministic in-place shuffle (mulberry32 steps), a new order for every `seed`. */
function shuffle<T>(items: T[], seed: number): void {
	let a = (seed * 0x9e3779b1) >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
}

export class Api {
	private unorderedCalls = 0;
	/** The last sorted listing and what it was for (see list()). */
	private sorted?: { key: string; store: Store; rows: Array<{ rec: Rec; view: Rec; seq: { created: number; modified: number } }> };

	constructor(
		private readonly store: Store,
		private readonly sessions: Sessions,
		private readonly opts: ApiOptions,
	) {}

	private get profile(): SandboxProfile {
		return this.opts.profile();
	}

	private error(code: number, message?: string, data: unknown = []): Reply {
		return sarvError(code, message, data, this.profile);
	}

	private ok(data: unknown, message: unknown = '', status = 200): Reply {
		return { status, json: { status, message: okMessage(message, this.profile.messages === 'persian-only'), data } };
	}

	handle(method: string, call: Call): Reply {
		try {
			switch (method) {
				case 'Login':
					return this.login(call);
				case 'GetModuleFields':
					return this.ok(this.describe(this.module(call), call.session!.language));
				case 'Retrieve':
					return this.retrieve(call);
				case 'Save':
					return this.save(call);
				case 'GetRelationship':
					return this.getRelationship(call);
				case 'SaveRelationships':
					return this.saveRelationships(call);
				case 'SearchByNumber':
					return this.searchByNumber(call);
				default:
					return this.error(1000);
			}
		} catch (e) {
			if (e instanceof SqlError) return mysql(e);
			throw e;
		}
	}

	private module(call: Call): string {
		return call.params.get('module') ?? '';
	}

	/** A request value from the query string or, for POST/PUT, the JSON body. */
	private param(call: Call, name: string): string | undefined {
		const v = call.params.get(name) ?? call.body[name];
		return v === undefined || v === null || v === '' ? undefined : String(v);
	}

	/**
	 * GetModuleFields in every profile carries the keys SuiteCRM's web-service field list has
	 * (no vardef `source`): a client tells relate / link fields by `type`, the computed person
	 * name by `calculated`, and custom fields only by their `_c` name, whatever the table.
	 */
	private describe(module: string, language: 'en_US' | 'fa_IR'): Record<string, unknown> {
		return describeModule(module, this.opts.utype, language, this.profile.numbersField)!;
	}

	private login(call: Call): Reply {
		if (call.httpMethod !== 'POST') return this.error(1001);
		const r = this.sessions.login(call.body);
		return r.ok ? this.ok({ token: r.session.token }) : this.error(r.code);
	}

	// ---- reading ----

	private listOptions(call: Call): ListOptions {
		const get = (k: string) => call.body[k] ?? call.params.get(k) ?? undefined;
		const num = (v: unknown) => (v === undefined || v === null || v === '' ? NaN : Number(v));
		const sel = get('selected_fields');
		const selected = Array.isArray(sel)
			? sel.map(String)
			: typeof sel === 'string' && sel.trim()
				? sel.split(',').map((s) => s.trim())
				: undefined;
		let limit = Math.floor(num(get('limit')));
		if (!Number.isFinite(limit) || limit <= 0) limit = DEFAULT_LIMIT;
		let offset = Math.floor(num(get('offset')));
		if (!Number.isFinite(offset) || offset < 0) offset = 0;
		const q = get('query');
		const o = get('order_by');
		return {
			query: typeof q === 'string' ? q : q === undefined || q === null ? '' : String(q),
			orderBy: typeof o === 'string' ? o : '',
			selected: selected?.filter(Boolean).length ? selected.filter(Boolean) : undefined,
			// A server that ignores `limit` always answers full pages of its cap.
			limit: this.profile.honoursLimit ? Math.min(limit, this.profile.pageCap) : this.profile.pageCap,
			offset,
			withDeleted: call.withDeleted === true,
		};
	}

	/** Columns of a module as MySQL sees them: bare, `table.col`, or `table_cstm.col_c`. */
	private resolver(module: string) {
		const table = moduleTable(module);
		const fields = this.store.fieldMap(module)!;
		const byLower = new Map([...fields.values()].map((d) => [d.name.toLowerCase(), d]));
		const numbers = fields.has('numbers');
		const { customFieldTable, nonColumnFields } = this.profile;
		return (t: string | undefined, name: string): ColumnInfo | undefined => {
			const lname = name.toLowerCase();
			const d = byLower.get(lname);
			const custom = d?.group === 'custom';
			if (t !== undefined) {
				const lt = t.toLowerCase();
				const inCstm = lt === `${table}_cstm` && lname.endsWith('_c');
				if (lt !== table && !inCstm) return undefined;
				// Custom columns live in `<table>_cstm`: `<table>.x_c` is not a column there.
				if (customFieldTable === 'cstm' && custom && !inCstm) return undefined;
			}
			if (lname === 'primary_number_raw' && numbers) return { name: 'primary_number_raw', type: 'varchar' };
			if (!d || d.type === 'link') return undefined;
			if (nonColumnFields === 'mysql-1054' && isNonDb(d)) return undefined;
			return { name: d.name, type: d.type };
		};
	}

	/** Filter, order, page and project live records of a module (Retrieve and GetRelationship). */
	private list(module: string, candidates: Rec[], o: ListOptions, decorate?: (r: Rec) => Rec, wholeModule = false): Rec[] {
		const cacheable = wholeModule && (!!o.orderBy.trim() || !this.profile.unorderedWithoutOrderBy);
		const key = JSON.stringify([module, o.query, o.orderBy, !!o.withDeleted, this.profile, this.store.revision]);
		// A database answers pages of one query from its indexes: the sandbox keeps the last sorted result.
		if (cacheable && this.sorted?.key === key && this.sorted.store === this.store) {
			return this.sorted.rows.slice(o.offset, o.offset + o.limit).map((r) => this.present(module, project(r.view, o.selected), decorate));
		}
		const resolve = this.resolver(module);
		let where: WhereAst | undefined;
		if (o.query.trim()) {
			where = parseWhere(o.query);
			checkColumns(where, resolve, 'where clause');
		}
		const order = o.orderBy.trim() ? parseOrderBy(o.orderBy) : [];
		for (const item of order) checkColumns(item.column, resolve, 'order clause');

		const rows = candidates
			.filter((r) => o.withDeleted || r.deleted !== '1')
			.map((r) => ({ rec: r, view: this.store.view(module, r), seq: this.store.seqOf(module, String(r.id)) }));
		const naiveOffsetMin = this.profile.timeStorage === 'tehran' ? 210 : 0;
		const ctxOf = (view: Rec): EvalContext => ({
			value: (c) => sqlValue(view, resolve(c.table, c.name)!.name),
			type: (c) => resolve(c.table, c.name)?.type,
			naiveOffsetMin,
			padSpace: this.profile.textCompare !== 'exact',
		});
		const kept = where ? rows.filter((r) => matches(where!, ctxOf(r.view))) : rows;
		if (!order.length && this.profile.unorderedWithoutOrderBy) {
			// No ORDER BY: MySQL may return any order, here a different one on every call.
			shuffle(kept, ++this.unorderedCalls);
			return kept.slice(o.offset, o.offset + o.limit).map((r) => this.present(module, project(r.view, o.selected), decorate));
		}
		kept.sort((a, b) => {
			for (const { column, desc } of order) {
				const info = resolve(column.table, column.name)!;
				const va = sqlValue(a.view, info.name);
				const vb = sqlValue(b.view, info.name);
				// NULLs sort first ascending, as in MySQL; equal dates fall back to write order.
				let c = va === null || vb === null ? (va === null ? (vb === null ? 0 : -1) : 1) : compareValues(va, vb, info.type === 'datetime');
				if (c === 0 && info.name === 'date_entered') c = a.seq.created - b.seq.created;
				if (c === 0 && info.name === 'date_modified') c = a.seq.modified - b.seq.modified;
				if (c !== 0) return desc ? -c : c;
			}
			return a.seq.created - b.seq.created;
		});
		if (cacheable) this.sorted = { key, store: this.store, rows: kept };
		// Link attributes (decorate) are always shown, whatever selected_fields says.
		return kept.slice(o.offset, o.offset + o.limit).map((r) => this.present(module, project(r.view, o.selected), decorate));
	}

	/**
	 * How many records of a module match a WHERE fragment (service2's get_entries_count): live ones,
	 * or with `withDeleted` every stored row, for a WHERE that says itself which (`<table>.deleted = 0`).
	 */
	countMatching(module: string, query: string, withDeleted = false): number {
		const resolve = this.resolver(module);
		const where = query.trim() ? parseWhere(query) : undefined;
		if (where) checkColumns(where, resolve, 'where clause');
		const naiveOffsetMin = this.profile.timeStorage === 'tehran' ? 210 : 0;
		const live = this.store.all(module).filter((r) => withDeleted || r.deleted !== '1');
		if (!where) return live.length;
		return live.filter((r) => {
			const view = this.store.view(module, r);
			return matches(where, {
				value: (c) => sqlValue(view, resolve(c.table, c.name)!.name),
				type: (c) => resolve(c.table, c.name)?.type,
				naiveOffsetMin,
				padSpace: this.profile.textCompare !== 'exact',
			});
		}).length;
	}

	/** A record as it leaves the server: link attributes added, multienum in the profile's shape. */
	private present(module: string, shown: Rec, decorate?: (r: Rec) => Rec): Rec {
		const out = decorate ? decorate(shown) : shown;
		if (this.profile.multienum === 'array') {
			for (const d of this.store.fields(module)) {
				if (d.type !== 'multienum' || !(d.name in out)) continue;
				const v = out[d.name];
				out[d.name] = typeof v === 'string' && v ? v.split(',').map((x) => x.replace(/^\^|\^$/g, '')) : [];
			}
		}
		return out;
	}

	private retrieve(call: Call): Reply {
		const module = this.module(call);
		const o = this.listOptions(call);
		const id = call.params.get('id');
		if (id !== null) {
			const rec = this.store.live(module, id);
			if (!rec) return this.error(22);
			const view = this.present(module, project(this.store.view(module, rec), o.selected));
			return this.ok(this.profile.singleRecordShape === 'object' ? view : [view]);
		}
		return this.ok(this.list(module, this.store.all(module), o, undefined, true));
	}

	// ---- writing ----

	private save(call: Call): Reply {
		const module = this.module(call);
		const id = call.params.get('id') ?? undefined;
		const user = call.session!.userId;
		if (call.httpMethod === 'DELETE') {
			if (!id) return this.error(1001);
			if (!this.store.live(module, id)) return this.error(22);
			this.store.remove(module, id, user);
			return this.ok([], 'The record has been deleted.');
		}
		if (call.httpMethod !== 'POST' && call.httpMethod !== 'PUT') return this.error(1001);
		if (call.httpMethod === 'PUT' && !id) return this.error(1001);
		const creating = !id;
		if (!creating && !this.store.live(module, id)) return this.error(22);

		const fields = this.store.fieldMap(module)!;
		const values: Rec = {};
		for (const [k, v] of Object.entries(call.body)) {
			const d = fields.get(k);
			if (!d) continue; // unknown fields are ignored, as SuiteCRM does
			const c = coerce(d, v);
			if (c.ok === 'skip') continue;
			if (!c.ok) return this.error(15, `Type mismatch Error. ${c.reason}`, { field: d.name });
			values[k] = c.value;
		}
		const missing = [...fields.values()]
			.filter((d) => d.required && !d.readonly && !d.calculated)
			.filter((d) => (creating ? blank(values[d.name]) : d.name in values && blank(values[d.name])))
			.map((d) => d.name);
		if (missing.length) return this.error(14, undefined, { missing });
		if (creating) {
			const rec = this.store.create(module, values, user);
			return this.ok({ id: rec.id }, ['The record has been created.'], 201);
		}
		this.store.update(module, id!, values, user);
		return this.ok({ id }, ['The record has been updated.']);
	}

	// ---- relationships ----

	private linkField(module: string, name: string | undefined): FieldDef | undefined {
		const d = name ? this.store.fieldMap(module)!.get(name) : undefined;
		return d && d.type === 'link' && d.related ? d : undefined;
	}

	private getRelationship(call: Call): Reply {
		const module = this.module(call);
		const def = this.linkField(module, this.param(call, 'related_field'));
		if (!def) return this.error(31);
		const id = this.param(call, 'id');
		if (!id || !this.store.live(module, id)) return this.error(22);
		const links = this.store.related(module, id, def);
		const extras = new Map(links);
		const candidates = links.map(([rid]) => this.store.get(def.related!, rid)).filter((r): r is Rec => !!r);
		const data = this.list(def.related!, candidates, this.listOptions(call), (view) => {
			const extra = extras.get(String(view.id)) ?? {};
			const out = { ...view };
			for (const [k, v] of Object.entries(extra)) if (!(k in out)) out[k] = v;
			return out;
		});
		return this.ok(data);
	}

	private saveRelationships(call: Call): Reply {
		if (call.httpMethod !== 'POST' && call.httpMethod !== 'PUT') return this.error(1001);
		const module = this.module(call);
		const def = this.linkField(module, this.param(call, 'field_name'));
		if (!def) return this.error(31);
		const id = this.param(call, 'id');
		if (!id || !this.store.live(module, id)) return this.error(22);
		const raw = call.body.related_records;
		const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
		const entries: Array<[string, Rec]> = [];
		for (const item of list) {
			if (typeof item === 'string' || typeof item === 'number') entries.push([String(item), {}]);
			else if (
				item &&
				typeof item === 'object' &&
				!Array.isArray(item) &&
				(typeof (item as Rec).id === 'string' || typeof (item as Rec).id === 'number')
			) {
				const { id: rid, ...extra } = item as Rec;
				entries.push([String(rid), extra]);
			} else return this.error(1001);
		}
		if (!entries.length) return this.error(1001);
		// All or nothing: a single unknown id fails the whole call before anything is linked.
		for (const [rid] of entries) if (!this.store.live(def.related!, rid)) return this.error(22, undefined, { id: rid });
		for (const [rid, extra] of entries) this.store.link(module, id, def.name, rid, extra);
		return { status: 200, json: { status: 200, message: okMessage('Created Successfully', this.profile.messages === 'persian-only') } };
	}

	// ---- phone search ----

	private searchByNumber(call: Call): Reply {
		const q = digitsOf(this.param(call, 'number') ?? '');
		if (!q) return this.error(1001);
		const only = this.param(call, 'module');
		if (only && !MODULE_KEYS.includes(only)) return this.error(20);
		const nq = nationalDigits(q);
		const data: Rec[] = [];
		for (const module of only ? [only] : MODULE_KEYS) {
			const phones = phoneFields(module, this.opts.utype, this.profile.numbersField);
			if (!phones.length) continue;
			for (const rec of this.store.all(module)) {
				if (rec.deleted === '1') continue;
				const numbers = phones.flatMap((p) =>
					p.name === 'numbers'
						? Array.isArray(rec.numbers)
							? (rec.numbers as PhoneNumber[]).map((n) => n.number)
							: []
						: typeof rec[p.name] === 'string'
							? [rec[p.name] as string]
							: [],
				);
				const hit = numbers.some((n) => {
					const d = digitsOf(n);
					return d.includes(q) || nationalDigits(d).includes(nq);
				});
				if (hit) data.push({ module, id: rec.id, name: rec.name ?? null });
			}
		}
		return this.ok(data);
	}
}

function blank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Column value for SQL: text/number or NULL; `numbers` reads as its digits, comma separated. */
function sqlValue(view: Rec, name: string): SqlValue {
	const v = view[name];
	if (name === 'numbers') return Array.isArray(v) && v.length ? v.map((n: PhoneNumber) => digitsOf(n.number)).join(',') : null;
	return typeof v === 'string' || typeof v === 'number' ? v : null;
}

/** `selected_fields`: id always, then the asked fields that exist, in the asked order. */
function project(view: Rec, selected: string[] | undefined): Rec {
	if (!selected) return view;
	const out: Rec = { id: view.id };
	for (const k of selected) if (k in view && !(k in out)) out[k] = view[k];
	return out;
}
