/**
 * One check per open point of the API notes. Each reads the server (never writes) and
 * names the sandbox profile value (test/sandbox/profile.ts) the server matches, with the
 * evidence. `unknown` when the server gives nothing to decide on.
 */
import { randomBytes } from 'crypto';

import { hasPersian, isRecordList, isUnknownColumn, messageOf, type ProbeHttp, type RawReply } from './http';

export interface Finding {
	/** Profile switch, e.g. `session` */
	key: string;
	/** The open point in words */
	point: string;
	value: string | number | boolean;
	evidence: string;
	/** service2's methods, name → what it answered (the service2 finding only) */
	methods?: Record<string, string>;
}

export interface FieldMeta {
	name: string;
	type: string;
	source?: string;
	group?: string;
}

/** What the checks share: the module read, its table, its fields and a few of its records. */
export interface ProbeContext {
	http: ProbeHttp;
	module: string;
	table: string;
	fields: FieldMeta[];
	/** Fields of every module looked at (custom and multienum fields may live elsewhere) */
	fieldsByModule: Map<string, { table: string; fields: FieldMeta[] }>;
	/** Replies to bad calls, for the language and code checks */
	errorReplies: RawReply[];
}

const UNKNOWN = 'unknown';
const big = 5000;
const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n)}…` : s);
const ids = (r: RawReply) => (isRecordList(r) ? r.json.data.map((x: { id?: unknown }) => String(x.id)) : []);

export async function sessionCheck(ctx: ProbeContext): Promise<Finding> {
	// A random token the server never issued: answered like an expired one.
	const r = await ctx.http.call('Retrieve', { module: ctx.module }, { limit: 1 }, randomBytes(16).toString('hex'));
	ctx.errorReplies.push(r);
	const code = r.json?.code === undefined ? undefined : Number(r.json.code);
	const message = messageOf(r);
	const bodyStatus = Number(r.json?.status);
	let value: string = UNKNOWN;
	if (r.json === undefined && r.status === 401) value = 'plain-401';
	else if (r.status === 200 && bodyStatus === 401) value = 'body-401';
	else if (r.status === 401 && (code === 10 || /login attempt failed/i.test(message))) value = 'login-failed-401';
	else if (r.status === 401) value = 'invalid-session-401';
	else if (r.status === 403 && (code === 11 || /session id is invalid/i.test(message))) value = 'invalid-session-403';
	else if (r.status === 403 && hasPersian(message)) value = 'persian-403';
	return {
		key: 'session',
		point: 'Reply to an expired or unknown session token',
		value,
		evidence: `HTTP ${r.status}, ${r.json === undefined ? `non-JSON (${r.contentType || 'no type'})` : `body status ${r.json?.status ?? '–'}, code ${code ?? '–'}`}, message "${short(message)}"`,
	};
}

export async function pagingChecks(ctx: ProbeContext): Promise<Finding[]> {
	const order_by = `${ctx.table}.id`;
	const first = await ctx.http.retrieve(ctx.module, { limit: big, offset: 0, order_by, selected_fields: ['id'] });
	const n1 = ids(first).length;
	const second = n1 ? await ctx.http.retrieve(ctx.module, { limit: big, offset: n1, order_by, selected_fields: ['id'] }) : undefined;
	const n2 = second ? ids(second).length : 0;
	const cap: Finding =
		n1 && n2
			? {
					key: 'pageCap',
					point: 'Most records per Retrieve page',
					value: n1,
					evidence: `limit ${big} gave ${n1} records of ${ctx.module}, and offset ${n1} gave ${n2} more`,
				}
			: {
					key: 'pageCap',
					point: 'Most records per Retrieve page',
					value: UNKNOWN,
					evidence: `limit ${big} gave all ${n1} records of ${ctx.module}: the cap is at least ${n1} (a module with more records would tell)`,
				};
	// Limit 1 tells any cap from 2 up; under a cap of 1 every limit gives one record either way.
	const tiny = await ctx.http.retrieve(ctx.module, { limit: 1, offset: 0, order_by, selected_fields: ['id'] });
	const got = ids(tiny).length;
	const undecided = n2 > 0 ? ' (the cap is 1: honoured or not looks the same)' : ' (too few records to tell)';
	const honours: Finding = {
		key: 'honoursLimit',
		point: 'Retrieve honours `limit`',
		value: n1 > 1 ? got <= 1 : UNKNOWN,
		evidence: `limit 1 gave ${got} records${n1 > 1 ? '' : undecided}`,
	};
	// The same rows asked three times without order_by: do they keep their order? Under a cap
	// below 10 one page shows too little, so each run reads the first 10 rows page by page.
	const size = Math.min(n1 || 50, 200);
	const pages = n2 && size < 10 ? Math.ceil(10 / size) : 1;
	const runs: string[] = [];
	for (let i = 0; i < 3; i++) {
		const run: string[] = [];
		for (let p = 0; p < pages; p++) {
			run.push(...ids(await ctx.http.retrieve(ctx.module, { limit: size, offset: p * size, selected_fields: ['id'] })));
		}
		runs.push(run.join());
	}
	const distinct = new Set(runs).size;
	const rows = runs[0] ? runs[0].split(',').length : 0;
	const order: Finding = {
		key: 'unorderedWithoutOrderBy',
		point: 'Row order without `order_by`',
		value: rows > 1 ? distinct > 1 : UNKNOWN,
		evidence: `3 calls without order_by gave ${distinct} different orders of ${rows} rows${pages > 1 ? ` (${pages} pages of ${size})` : ''}`,
	};
	return [cap, honours, order];
}

/** `YYYY-MM-DD HH:MM:SS` of an instant, shifted by `offsetMin`. */
const wall = (ms: number, offsetMin = 0) => new Date(ms + offsetMin * 60000).toISOString().slice(0, 19).replace('T', ' ');

export async function timeCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'Zone of stored datetimes (WHERE literals)';
	const newest = await ctx.http.retrieve(ctx.module, {
		limit: 1,
		order_by: `${ctx.table}.date_modified DESC`,
		selected_fields: ['id', 'date_modified'],
	});
	const rec = isRecordList(newest) ? newest.json.data[0] : undefined;
	const shown = typeof rec?.date_modified === 'string' ? rec.date_modified.trim() : '';
	if (!rec || !shown) return { key: 'timeStorage', point, value: UNKNOWN, evidence: `no ${ctx.module} record with date_modified` };
	const bare = !/(Z|[+-]\d{2}:?\d{2})$/.test(shown);
	const at = Date.parse(bare ? `${shown.replace(' ', 'T')}Z` : shown);
	const hits = async (literal: string) =>
		ids(
			await ctx.http.retrieve(ctx.module, {
				limit: 1,
				query: `${ctx.table}.id = '${String(rec.id).replace(/'/g, "''")}' AND ${ctx.table}.date_modified <= '${literal}'`,
				selected_fields: ['id'],
			}),
		).length;
	// The record's own instant as a UTC literal: found only if the server reads literals as UTC.
	const asUtc = await hits(wall(at));
	const asTehran = asUtc ? 1 : await hits(wall(at, 210));
	const serverDate = newest.date ? Date.parse(newest.date) : NaN;
	const skew = Number.isNaN(serverDate)
		? 'no Date header'
		: `server Date header ${newest.date} is ${Math.round((serverDate - Date.now()) / 1000)} s from this machine's clock`;
	return {
		key: 'timeStorage',
		point,
		value: asUtc ? 'utc' : asTehran ? 'tehran' : UNKNOWN,
		evidence: `date_modified shown as "${shown}"${bare ? ' (no offset, read as UTC)' : ''}; "date_modified <= '${wall(at)}'" (its UTC wall time) ${asUtc ? 'finds' : 'misses'} it${asUtc ? '' : `, its Tehran wall time ${asTehran ? 'finds' : 'misses'} it`}; ${skew}`,
	};
}

const anyValue = (column: string) => `(${column} IS NULL OR ${column} IS NOT NULL)`;

/** Whether trailing spaces count when text is compared with `=` (read-only: a record finds itself). */
export async function textCompareCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'Trailing spaces in text comparisons';
	const newest = await ctx.http.retrieve(ctx.module, { limit: 1, order_by: `${ctx.table}.date_modified DESC`, selected_fields: ['id'] });
	const rec = isRecordList(newest) ? newest.json.data[0] : undefined;
	if (!rec?.id) return { key: 'textCompare', point, value: UNKNOWN, evidence: `no ${ctx.module} record` };
	const id = String(rec.id).replace(/'/g, "''");
	const padded = ids(
		await ctx.http.retrieve(ctx.module, { limit: 1, query: `${ctx.table}.id = '${id}  '`, selected_fields: ['id'] }),
	).length;
	return {
		key: 'textCompare',
		point,
		value: padded ? 'pad-space' : 'exact',
		evidence: `"${ctx.table}.id = '<its id>  '" (two trailing spaces) ${padded ? 'finds' : 'misses'} the record`,
	};
}

export async function customFieldCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'Table of custom `_c` fields in WHERE';
	for (const [module, { table, fields }] of ctx.fieldsByModule) {
		const custom = fields.find((f) => f.name.endsWith('_c') && f.type !== 'link' && f.type !== 'relate');
		if (!custom) continue;
		const meta = custom.source ? `, metadata source "${custom.source}"` : ', no source in metadata';
		const same = await ctx.http.retrieve(module, { limit: 1, query: anyValue(`${table}.${custom.name}`), selected_fields: ['id'] });
		if (isRecordList(same))
			return { key: 'customFieldTable', point, value: 'same', evidence: `${table}.${custom.name} is accepted${meta}` };
		const cstm = await ctx.http.retrieve(module, { limit: 1, query: anyValue(`${table}_cstm.${custom.name}`), selected_fields: ['id'] });
		if (isUnknownColumn(same) && isRecordList(cstm))
			return {
				key: 'customFieldTable',
				point,
				value: 'cstm',
				evidence: `${table}.${custom.name} gives "${short(same.text, 90)}"; ${table}_cstm.${custom.name} is accepted${meta}`,
			};
		return {
			key: 'customFieldTable',
			point,
			value: UNKNOWN,
			evidence: `neither ${table}.${custom.name} nor ${table}_cstm.${custom.name} is accepted: "${short(same.text || messageOf(same), 90)}"`,
		};
	}
	return {
		key: 'customFieldTable',
		point,
		value: UNKNOWN,
		evidence: `no custom (_c) field in ${[...ctx.fieldsByModule.keys()].join(', ')}`,
	};
}

export async function nonColumnCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'Relate / non-db fields in WHERE and ORDER BY';
	const relate = ctx.fields.find((f) => f.type === 'relate');
	if (!relate) return { key: 'nonColumnFields', point, value: UNKNOWN, evidence: `${ctx.module} has no relate field` };
	const meta = relate.source ? `, metadata source "${relate.source}"` : ', no source in metadata';
	const r = await ctx.http.retrieve(ctx.module, { limit: 1, query: anyValue(`${ctx.table}.${relate.name}`), selected_fields: ['id'] });
	if (isRecordList(r))
		return { key: 'nonColumnFields', point, value: 'accepted', evidence: `${ctx.table}.${relate.name} (relate) is accepted${meta}` };
	if (isUnknownColumn(r))
		return {
			key: 'nonColumnFields',
			point,
			value: 'mysql-1054',
			evidence: `${ctx.table}.${relate.name} (relate) gives "${short(r.text, 90)}"${meta}`,
		};
	return { key: 'nonColumnFields', point, value: UNKNOWN, evidence: `HTTP ${r.status}: "${short(messageOf(r), 90)}"` };
}

export function numbersCheck(ctx: ProbeContext): Finding {
	const point = '`numbers` field for phone numbers';
	const has = ctx.fields.some((f) => f.name === 'numbers');
	const phones = ctx.fields.filter((f) => f.type === 'phone').map((f) => f.name);
	return { key: 'numbersField', point, value: has, evidence: `${ctx.module} phone fields: ${phones.join(', ') || 'none'}` };
}

export async function singleRecordCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'Shape of a one-record Retrieve';
	const list = await ctx.http.retrieve(ctx.module, { limit: 1, selected_fields: ['id'] });
	const id = ids(list)[0];
	if (!id) return { key: 'singleRecordShape', point, value: UNKNOWN, evidence: `no ${ctx.module} record` };
	const one = await ctx.http.call('Retrieve', { module: ctx.module, id }, undefined);
	const data = one.json?.data;
	const value = Array.isArray(data) ? 'array' : data && typeof data === 'object' ? 'object' : UNKNOWN;
	return {
		key: 'singleRecordShape',
		point,
		value,
		evidence: `Retrieve&id= gave data as ${Array.isArray(data) ? `an array of ${data.length}` : typeof data}`,
	};
}

export async function multienumCheck(ctx: ProbeContext): Promise<Finding> {
	const point = 'multienum values on read';
	for (const [module, { fields }] of ctx.fieldsByModule) {
		const field = fields.find((f) => f.type === 'multienum');
		if (!field) continue;
		const page = await ctx.http.retrieve(module, { limit: 200, selected_fields: ['id', field.name] });
		const sample = isRecordList(page)
			? page.json.data
					.map((r: Record<string, unknown>) => r[field.name])
					.find((v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'string' && v))
			: undefined;
		if (sample === undefined) continue;
		const value = Array.isArray(sample) ? 'array' : /^\^.*\^$/.test(String(sample)) ? 'caret' : UNKNOWN;
		return { key: 'multienum', point, value, evidence: `${module}.${field.name} read as ${JSON.stringify(sample)}` };
	}
	return { key: 'multienum', point, value: UNKNOWN, evidence: 'no multienum field with a value in the modules looked at' };
}

export async function messageChecks(ctx: ProbeContext): Promise<Finding[]> {
	// A record id that cannot exist: the "deleted record" error, read-only.
	const missing = await ctx.http.call('Retrieve', { module: ctx.module, id: `probe-${randomBytes(6).toString('hex')}` }, undefined);
	ctx.errorReplies.push(missing);
	const messages = ctx.errorReplies
		.filter((r) => r.json && r.status !== 200)
		.map(messageOf)
		.filter(Boolean);
	const persian = messages.filter(hasPersian).length;
	const language: Finding = {
		key: 'messages',
		point: 'Language of server messages (login asked en_US)',
		value: messages.length ? (persian === messages.length ? 'persian-only' : 'english') : UNKNOWN,
		evidence: `${persian} of ${messages.length} error messages in Persian, e.g. "${short(messages[0] ?? '', 80)}"`,
	};
	const coded = ctx.errorReplies.filter((r) => r.json && r.json.code !== undefined).length;
	const code: Finding = {
		key: 'errorCode',
		point: 'Error replies carry a `code`',
		value: missing.json ? (missing.json.code !== undefined ? 'in-body' : 'absent') : UNKNOWN,
		evidence: `unknown record id: HTTP ${missing.status}, body ${short(JSON.stringify(missing.json ?? missing.text), 120)}; ${coded} of ${ctx.errorReplies.length} error replies had a code`,
	};
	return [language, code];
}
