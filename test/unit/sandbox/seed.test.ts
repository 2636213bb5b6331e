import { SARV_MODULES } from '../../../nodes/core/modules';
import { SarvCrmSandbox } from '../../sandbox';
import { prng } from '../../sandbox/seed';

describe('deterministic seed', () => {
	it('gives the same data for the same seed', () => {
		const a = new SarvCrmSandbox();
		const b = new SarvCrmSandbox();
		for (const m of SARV_MODULES) expect(b.records(m.key)).toEqual(a.records(m.key));
		a.insert('Leads', { last_name: 'extra', status: 'New' });
		a.reset();
		expect(a.records('Leads')).toEqual(b.records('Leads'));
	});

	it('has records in every module, the documented counts, and Persian and English names', () => {
		const sb = new SarvCrmSandbox();
		for (const m of SARV_MODULES) expect([m.key, sb.records(m.key).length > 0]).toEqual([m.key, true]);
		expect(sb.records('Leads')).toHaveLength(30);
		expect(sb.records('Accounts')).toHaveLength(20);
		expect(sb.records('Contacts')).toHaveLength(20);
		expect(sb.records('Opportunities')).toHaveLength(10);
		const names = sb.records('Leads').map((r) => String(r.name));
		expect(names.some((n) => /[\u0600-\u06FF]/.test(n))).toBe(true);
		expect(names.some((n) => /^[A-Za-z ]+$/.test(n))).toBe(true);
		for (const r of sb.records('Leads')) {
			expect(r.status).toBeTruthy();
			expect(r.last_name).toBeTruthy();
			expect((r.numbers as unknown[]).length).toBeGreaterThan(0);
			expect(r.primary_number_raw).toMatch(/^09\d{9}$/);
		}
		expect(sb.records('Contacts').some((c) => c.account_id && c.account_name)).toBe(true);
	});

	it('stores Persian text in both writings of Yeh and Kaf, as SarvCRM databases hold it', () => {
		const names = new SarvCrmSandbox().records('Leads').map((r) => String(r.last_name));
		const arabic = /[\u064a\u0643]/;
		const persian = /[\u06cc\u06a9]/;
		expect(names.some((n) => arabic.test(n) && !persian.test(n))).toBe(true); // Arabic keyboard
		expect(names.some((n) => persian.test(n) && !arabic.test(n))).toBe(true); // today's Persian
	});

	it('can start empty', () => {
		const sb = new SarvCrmSandbox({ seed: false });
		expect(sb.records('Leads')).toEqual([]);
		sb.reset({ seed: true });
		expect(sb.records('Leads')).toHaveLength(30);
	});

	it('uses a seeded PRNG', () => {
		const x = prng(7);
		const y = prng(7);
		const seq = Array.from({ length: 5 }, x);
		expect(Array.from({ length: 5 }, y)).toEqual(seq);
		expect(seq.every((v) => v >= 0 && v < 1)).toBe(true);
	});
});
