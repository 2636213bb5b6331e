/**
 * Value rules of Save: type checks, the stored (PHP/MySQL-like, mostly string) form,
 * phone numbers and the +03:30 datetime format the API shows.
 */
import { randomBytes } from 'crypto';

import { optionKeys, type FieldDef } from './fields';
import { toEpoch } from './where';

const TEHRAN_OFFSET_MS = 3.5 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 with the server's +03:30 offset, second precision: 2018-04-22T14:40:00+03:30 */
export function formatDateTime(ms: number): string {
	const d = new Date(Math.floor(ms / 1000) * 1000 + TEHRAN_OFFSET_MS);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+03:30`
	);
}

export function formatDate(ms: number): string {
	return formatDateTime(ms).slice(0, 10);
}

/** uuid v4 text from 16 bytes (random ones, or the seed PRNG's for determinism). */
export function uuidFromBytes(b: Uint8Array): string {
	const x = Array.from(b.slice(0, 16), (v, i) => (i === 6 ? (v & 0x0f) | 0x40 : i === 8 ? (v & 0x3f) | 0x80 : v));
	const h = x.map((v) => v.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function randomUuid(): string {
	return uuidFromBytes(randomBytes(16));
}

export interface PhoneNumber {
	type: string;
	number: string;
	phoneCode: string;
	phoneFlag: string;
	primary: number;
	sms: number;
	fax: number;
}

const flag = (v: unknown) => (v === true || v === 1 || v === '1' || v === 'true' ? 1 : 0);
const isMobile = (n: string) => /^(?:\+?98|0098|0)?9\d{9}$/.test(n.replace(/[^\d+]/g, ''));

/** `numbers` as sent (strings and/or objects) to the stored objects; undefined = invalid. */
export function normalizeNumbers(input: unknown): PhoneNumber[] | undefined {
	const list = Array.isArray(input) ? input : [input];
	const out: PhoneNumber[] = [];
	for (const item of list) {
		if (typeof item === 'string' || typeof item === 'number') {
			const number = String(item).trim();
			if (!number) continue;
			out.push({ type: isMobile(number) ? 'Mobile' : 'Phone', number, phoneCode: '+98', phoneFlag: 'IR', primary: 0, sms: 0, fax: 0 });
		} else if (item && typeof item === 'object' && !Array.isArray(item)) {
			const o = item as Record<string, unknown>;
			if (typeof o.number !== 'string' && typeof o.number !== 'number') return undefined;
			const number = String(o.number).trim();
			out.push({
				type: typeof o.type === 'string' && o.type ? o.type : isMobile(number) ? 'Mobile' : 'Phone',
				number,
				phoneCode: typeof o.phoneCode === 'string' ? o.phoneCode : '+98',
				phoneFlag: typeof o.phoneFlag === 'string' ? o.phoneFlag : 'IR',
				primary: flag(o.primary),
				sms: flag(o.sms),
				fax: flag(o.fax),
			});
		} else return undefined;
	}
	// The web app always has a primary number: the first one when none is marked.
	if (out.length && !out.some((n) => n.primary)) out[0].primary = 1;
	return out;
}

export const digitsOf = (s: string) => s.replace(/\D/g, '');

export function primaryNumberRaw(numbers: PhoneNumber[] | undefined): string | null {
	if (!numbers?.length) return null;
	return digitsOf((numbers.find((n) => n.primary) ?? numbers[0]).number) || null;
}

/** Iranian numbers in national form (0912...), so 0912, +98912 and 0098912 all match. */
export function nationalDigits(d: string): string {
	if (d.startsWith('0098')) return '0' + d.slice(4);
	if (d.startsWith('98') && d.length >= 12) return '0' + d.slice(2);
	return d;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string } | { ok: 'skip' };

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A Save value to its stored form, or why its type does not match (error code 15).
 * null clears a field; '' clears non-text fields.
 */
export function coerce(def: FieldDef, value: unknown): Coerced {
	if (def.type === 'relate' || def.type === 'link' || def.readonly) return { ok: 'skip' };
	if (value === null) return { ok: true, value: null };
	const bad = (expected: string): Coerced => ({ ok: false, reason: `${def.name}: expected ${expected}` });
	const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
	const text = scalar ? String(value).trim() : '';
	const blankClears = text === '' && typeof value === 'string';
	switch (def.type) {
		case 'int':
			if (blankClears) return { ok: true, value: null };
			if (typeof value === 'number' ? Number.isInteger(value) : typeof value === 'string' && INT.test(text))
				return { ok: true, value: String(Number(text)) };
			return bad('an integer');
		case 'float':
		case 'currency':
			if (blankClears) return { ok: true, value: null };
			if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUM.test(text)))
				return { ok: true, value: String(Number(text)) };
			return bad('a number');
		case 'bool':
			if (value === true || value === 1 || value === '1') return { ok: true, value: '1' };
			if (value === false || value === 0 || value === '0') return { ok: true, value: '0' };
			if (blankClears) return { ok: true, value: null };
			return bad('true, false, 0 or 1');
		case 'date':
			if (blankClears) return { ok: true, value: null };
			if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && validDate(text)) return { ok: true, value: text };
			return bad('a date as YYYY-MM-DD');
		case 'datetime': {
			if (blankClears) return { ok: true, value: null };
			const m = typeof value === 'string' && /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
			if (!m || !validDate(m[1])) return bad('an ISO 8601 datetime (2018-04-22T14:40:00+03:30)');
			// Without an offset the value is in the user's time zone (Tehran), as in the web app.
			const ms = toEpoch(m[2] ? text : `${text}+03:30`);
			return ms === null ? bad('an ISO 8601 datetime') : { ok: true, value: formatDateTime(ms) };
		}
		case 'enum': {
			if (!scalar) return bad('one of the listed options');
			if (text === '') return { ok: true, value: '' };
			const keys = optionKeys(def);
			return keys.includes(String(value)) ? { ok: true, value: String(value) } : bad(`one of ${keys.join(', ')}`);
		}
		case 'multienum': {
			const keys = optionKeys(def);
			let items: unknown[];
			if (Array.isArray(value)) items = value;
			else if (typeof value === 'string') items = value === '' ? [] : value.split(',').map((s) => s.trim().replace(/^\^|\^$/g, ''));
			else return bad('a list of options');
			if (!items.every((v) => typeof v === 'string' && keys.includes(v))) return bad(`options among ${keys.join(', ')}`);
			return { ok: true, value: items.length ? items.map((v) => `^${v}^`).join(',') : null };
		}
		case 'phone': {
			// SuiteCRM's phone columns (phone_mobile…) are text; only `numbers` is a list.
			if (def.name !== 'numbers') return scalar ? { ok: true, value: String(value) } : bad('text');
			const list = normalizeNumbers(value);
			return list ? { ok: true, value: list } : bad('phone numbers (strings or {number, ...} objects)');
		}
		default:
			// id, varchar, name, text, email, url: text; objects are not
			if (!scalar) return bad('text');
			return { ok: true, value: String(value) };
	}
}

function validDate(ymd: string): boolean {
	const [y, m, d] = ymd.split('-').map(Number);
	const dt = new Date(Date.UTC(y, m - 1, d));
	return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
