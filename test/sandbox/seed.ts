/**
 * Deterministic demo data: a seeded PRNG (never Math.random) drives one generic,
 * type-driven generator, with a few name-based touches so records look real.
 */
import { MODULE_KEYS, optionKeys, type FieldDef } from './fields';
import { moduleLabelFa, specModule } from './spec';
import type { Rec, Store } from './store';
import { formatDateTime, uuidFromBytes, type PhoneNumber } from './values';

/** mulberry32: tiny, fast, good enough for demo data, same seed same sequence. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const SEED = 1403;
/** 1403-01-01 (Nowruz), 09:00 Tehran: seeded records are entered after it, hours apart. */
const BASE_MS = Date.UTC(2024, 2, 20, 5, 30);

const COUNTS: Record<string, number> = {
	Leads: 30,
	Accounts: 20,
	Contacts: 20,
	Opportunities: 10,
	AOS_Products: 8,
	Vendors: 5,
	Calls: 6,
	Meetings: 5,
	Tasks: 6,
	Cases: 6,
	AOS_Invoices: 4,
	AOS_Quotes: 4,
};
const DEFAULT_COUNT = 3;

const FIRST_FA = ['علی', 'محمد', 'رضا', 'حسین', 'مهدی', 'سارا', 'مریم', 'زهرا', 'نگار', 'امیر', 'نازنین', 'کاوه'];
const LAST_FA = ['احمدی', 'محمدی', 'رضایی', 'حسینی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'رحیمی', 'کاظمی'];
const FIRST_EN = ['Joel', 'Ellie', 'Tommy', 'Sarah', 'Dina', 'Jesse', 'Abby', 'Lev', 'Maria', 'Owen'];
const LAST_EN = ['Miller', 'Williams', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Anderson', 'Clark'];
const COMPANIES = [
	'پارس داده',
	'Sepehr Tech',
	'آریا صنعت',
	'Kish Trading',
	'نوین الکترونیک',
	'Caspian Foods',
	'مهر اندیش',
	'Zagros Steel',
	'البرز دارو',
	'Persia Logistics',
	'رایان پرداز',
	'Tabriz Textiles',
];
const PRODUCTS = [
	'لپ تاپ',
	'Router X200',
	'مانیتور ۲۷ اینچ',
	'CRM License',
	'پشتیبانی سالانه',
	'Barcode Scanner',
	'هارد SSD',
	'Training Day',
];
const DEALS = ['CRM license', 'Renewal', 'قرارداد پشتیبانی', 'Hardware order', 'توسعه نرم افزار'];
const CITIES_FA = ['تهران', 'اصفهان', 'شیراز', 'مشهد', 'تبریز', 'رشت'];
const CITIES_EN = ['Tehran', 'Isfahan', 'Shiraz', 'Mashhad', 'Tabriz', 'Rasht'];
const SENTENCES = [
	'Follow up next week.',
	'مشتری درخواست پیش فاکتور دارد.',
	'Met at the Tehran expo.',
	'نیاز به جلسه حضوری',
	'Prefers email.',
];

class Gen {
	constructor(readonly rnd: () => number) {}
	int(min: number, max: number): number {
		return min + Math.floor(this.rnd() * (max - min + 1));
	}
	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.rnd() * list.length)];
	}
	chance(p: number): boolean {
		return this.rnd() < p;
	}
	uuid(): string {
		return uuidFromBytes(Uint8Array.from({ length: 16 }, () => this.int(0, 255)));
	}
	digits(n: number): string {
		return Array.from({ length: n }, () => this.int(0, 9)).join('');
	}
}

interface Ctx {
	module: string;
	index: number;
	persian: boolean;
	at: number;
	utype: string;
}

/**
 * How a record's Persian text is written. Older systems and the Arabic keyboard store Yeh and
 * Kaf as Arabic letters (ي U+064A, ك U+0643); the old Windows Persian keyboard gave the Arabic
 * Yeh with the Persian Kaf. Every third Persian record is stored the Arabic way, the next but
 * one the old Windows way; the rest in today's Persian letters (ی U+06CC, ک U+06A9).
 */
export const LETTER_WRITINGS: Record<string, (text: string) => string> = {
	arabic: (text) => text.replace(/\u06cc/g, '\u064a').replace(/\u06a9/g, '\u0643'),
	oldWindows: (text) => text.replace(/\u06cc/g, '\u064a'),
};

export function letterWriting(index: number): keyof typeof LETTER_WRITINGS | undefined {
	return index % 6 === 0 ? 'arabic' : index % 6 === 4 ? 'oldWindows' : undefined;
}

/** The record's text values in the writing of its index (never consumes the PRNG: the data stays the same otherwise). */
function writeLetters(rec: Rec, index: number): void {
	const writing = letterWriting(index);
	if (!writing) return;
	for (const [name, v] of Object.entries(rec)) if (typeof v === 'string') rec[name] = LETTER_WRITINGS[writing](v);
}

/** Value for one field, by name first then by type; undefined leaves it empty. */
function value(g: Gen, d: FieldDef, ctx: Ctx, rec: Rec): unknown {
	const { module, index, persian } = ctx;
	switch (d.name) {
		case 'first_name':
			return persian ? g.pick(FIRST_FA) : g.pick(FIRST_EN);
		case 'last_name':
			return persian ? g.pick(LAST_FA) : g.pick(LAST_EN);
		case 'name':
			if (module === 'Accounts' || module === 'Vendors' || module === 'sc_competitor')
				return COMPANIES[(index * 5 + module.length) % COMPANIES.length];
			if (module === 'AOS_Products') return PRODUCTS[index % PRODUCTS.length];
			if (module === 'Opportunities') return `${g.pick(COMPANIES)} - ${g.pick(DEALS)}`;
			return persian ? `${moduleLabelFa(module)} ${index + 1}` : `${specModule(module)!.labelEn} #${index + 1}`;
		case 'description':
			return g.chance(0.5) ? g.pick(SENTENCES) : undefined;
		case 'email1':
			return `${persian ? 'user' : String(rec.first_name ?? 'info').toLowerCase()}${index + 1}@example.com`;
		case 'website':
		case 'url':
			return `https://www.example${index + 1}.ir`;
		case 'probability':
		case 'progress':
			return String(g.int(1, 10) * 10);
		case 'employees':
			return String(g.int(5, 2000));
		case 'part_number':
			return `PN-${g.digits(5)}`;
		case 'phone_mobile':
			return `09${g.pick(['12', '13', '35', '19', '01'])}${g.digits(7)}`;
		case 'phone_work':
			return g.chance(0.4) ? `021${g.digits(8)}` : undefined;
		case 'numbers': {
			const list: PhoneNumber[] = [
				{
					type: 'Mobile',
					number: `09${g.pick(['12', '13', '35', '19', '01'])}${g.digits(7)}`,
					phoneCode: '+98',
					phoneFlag: 'IR',
					primary: 1,
					sms: 1,
					fax: 0,
				},
			];
			if (g.chance(0.4))
				list.push({ type: 'Phone', number: `021${g.digits(8)}`, phoneCode: '+98', phoneFlag: 'IR', primary: 0, sms: 0, fax: 0 });
			return list;
		}
	}
	if (d.name.endsWith('_address_city')) return persian ? g.pick(CITIES_FA) : g.pick(CITIES_EN);
	if (d.name.endsWith('_address_country')) return persian ? 'ایران' : 'Iran';
	if (d.name.endsWith('_address_state')) return undefined;
	if (d.name.endsWith('_address_postalcode')) return g.digits(10);
	if (d.name.endsWith('_address_street'))
		return persian ? `خیابان ${g.pick(LAST_FA)}، پلاک ${g.int(1, 200)}` : `${g.int(1, 200)} ${g.pick(LAST_EN)} St.`;
	if (d.name === 'account_name') return g.pick(COMPANIES);
	if (d.name === `${ctx.utype}_national_code_c`) return g.chance(0.7) ? g.digits(module === 'Leads' ? 10 : 11) : undefined;
	if (d.readonly || d.calculated || d.type === 'relate' || d.type === 'link' || d.type === 'id') return undefined;
	switch (d.type) {
		case 'enum':
			return g.pick(optionKeys(d));
		case 'multienum': {
			const keys = optionKeys(d).filter(() => g.chance(0.4));
			return keys.length ? keys.map((k) => `^${k}^`).join(',') : undefined;
		}
		case 'int':
			return String(g.int(0, 100));
		case 'float':
			return String(g.int(0, 10000) / 100);
		case 'currency':
			return String(g.int(1, 500) * 1_000_000);
		case 'bool':
			return g.chance(0.5) ? '1' : '0';
		case 'date':
			return formatDateTime(ctx.at + g.int(-200, 200) * 86400_000).slice(0, 10);
		case 'datetime':
			return formatDateTime(ctx.at + g.int(0, 60) * 86400_000 + g.int(0, 8) * 1800_000);
		case 'email':
			return `contact${index + 1}@example.org`;
		case 'text':
			return g.chance(0.5) ? g.pick(SENTENCES) : undefined;
		case 'varchar':
			return g.chance(0.6) ? (persian ? g.pick(LAST_FA) : g.pick(LAST_EN)) : undefined;
		default:
			return undefined;
	}
}

/** Fills the store with the demo data set; the same seed always gives the same records. */
export function seedStore(store: Store, seed = SEED): void {
	const g = new Gen(prng(seed));
	const userIds = store.users.map((u) => u.id);
	const created: Record<string, string[]> = {};
	for (const module of MODULE_KEYS) {
		const count = COUNTS[module] ?? DEFAULT_COUNT;
		const ids: string[] = (created[module] = []);
		let at = BASE_MS + MODULE_KEYS.indexOf(module) * 600_000;
		for (let index = 0; index < count; index++) {
			at += g.int(2, 20) * 3600_000;
			const ctx: Ctx = { module, index, persian: index % 2 === 0, at, utype: store.utype };
			const rec: Rec = {};
			for (const d of store.fields(module)) {
				const v = value(g, d, ctx, rec);
				if (v !== undefined) rec[d.name] = v;
			}
			writeLetters(rec, index);
			const user = g.pick(userIds);
			Object.assign(rec, {
				id: g.uuid(),
				created_by: user,
				modified_user_id: user,
				assigned_user_id: g.pick(userIds),
				date_modified: formatDateTime(at + g.int(0, 72) * 3600_000),
			});
			ids.push(String(store.create(module, rec, user, at).id));
		}
	}
	// Second pass: relate ids point at records that now exist.
	for (const module of MODULE_KEYS) {
		for (const id of created[module]) {
			const rec = store.get(module, id)!;
			for (const d of store.fields(module)) {
				if (d.type !== 'relate' || !d.idName || d.related === 'Users') continue;
				const parentType = store.fields(module).find((x) => x.name === 'parent_type');
				if (d.idName === 'parent_id' && parentType) {
					const pt = g.pick(optionKeys(parentType));
					rec.parent_type = pt;
					rec.parent_id = g.pick(created[pt]);
				} else if (g.chance(0.75)) {
					const pool = created[d.related!].filter((x) => x !== id);
					if (pool.length) rec[d.idName] = g.pick(pool);
				}
			}
		}
	}
	// A few many-to-many links, with line-item attributes on products.
	for (const module of ['AOS_Invoices', 'AOS_Quotes', 'Purchase_Order', 'AOS_Contracts']) {
		for (const id of created[module]) {
			const n = g.int(1, 3);
			for (let i = 0; i < n; i++) {
				const pid = g.pick(created.AOS_Products);
				store.link(module, id, 'products', pid, { qty: g.int(1, 20), unit_price: store.get('AOS_Products', pid)!.price, discount: 0 });
			}
		}
	}
	for (const id of created.Opportunities.slice(0, 6)) {
		const cid = g.pick(created.Contacts);
		store.link('Opportunities', id, 'contacts', cid, {});
		store.link('Contacts', cid, 'opportunities', id, {});
	}
}
