/**
 * The node's spec tables and the sandbox's own copy (test/sandbox/spec.ts) are written
 * apart, from the API text; they must agree. The sandbox's copy is checked against the
 * text itself (docs/api-reference.txt), so agreement means both follow the text.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { SARV_ERROR_CODES } from '../../../nodes/core/errorCodes';
import { SARV_MODULES } from '../../../nodes/core/modules';
import { phoneFields } from '../../sandbox/fields';
import { MODULE_KEYS, moduleTable, SPEC_ERRORS, SPEC_MODULES, specError } from '../../sandbox/spec';

type Keyed = Record<string, string | number>;

/** What differs between two tables keyed by `key(row)`: rows one side lacks, and fields that differ. Pure. */
function disagreements(node: Keyed[], sandbox: Keyed[], key: (r: Keyed) => string, fields: string[]): string[] {
	const index = (rows: Keyed[]) => new Map(rows.map((r) => [key(r), r]));
	const [n, s] = [index(node), index(sandbox)];
	const out: string[] = [];
	for (const k of n.keys()) if (!s.has(k)) out.push(`${k}: in the node's table only`);
	for (const k of s.keys()) if (!n.has(k)) out.push(`${k}: in the sandbox's table only`);
	for (const [k, row] of n) {
		const other = s.get(k);
		for (const f of fields) if (other && row[f] !== other[f]) out.push(`${k}.${f}: node "${row[f]}", sandbox "${other[f]}"`);
	}
	if (n.size !== node.length || s.size !== sandbox.length) out.push('a key is listed twice');
	return out;
}

const nodeModules = SARV_MODULES.map((m) => ({ key: m.key, table: m.table }));
const sandboxModules = SPEC_MODULES.map((m) => ({ key: m.key, table: m.table }));
const byKey = (r: Keyed) => String(r.key);
const nodeErrors = SARV_ERROR_CODES.map((e) => ({ code: e.code, httpStatus: e.httpStatus, name: e.name, message: e.message }));
const sandboxErrors = SPEC_ERRORS.map((e) => ({ code: e.code, httpStatus: e.httpStatus, name: e.name, message: e.message }));
// Code 12 is listed twice, told apart by the HTTP status.
const byCode = (r: Keyed) => `${r.code}/${r.httpStatus}`;

describe('the node and the sandbox agree', () => {
	it('on the 40 module keys and their tables', () => {
		expect(sandboxModules).toHaveLength(40);
		expect(disagreements(nodeModules, sandboxModules, byKey, ['table'])).toEqual([]);
	});

	it('on the modules whose records hold phone numbers (where the node offers Search by Phone Number)', () => {
		const node = SARV_MODULES.filter((m) => m.holdsPhones).map((m) => m.key);
		// with the `numbers` list and with SuiteCRM's plain phone columns alike
		for (const numbersField of [true, false])
			expect(MODULE_KEYS.filter((k) => phoneFields(k, 'demo', numbersField).length > 0).sort()).toEqual(node.sort());
	});

	it('on the error codes, with their HTTP status, name and message (the node recognises errors by these words)', () => {
		expect(sandboxErrors).toHaveLength(23);
		expect(disagreements(nodeErrors, sandboxErrors, byCode, ['name', 'message'])).toEqual([]);
	});
});

describe('a typo on either side shows up as a disagreement', () => {
	const typo = (rows: Keyed[], i: number, field: string, value: string | number) =>
		rows.map((r, j) => (j === i ? { ...r, [field]: value } : r));

	it.each([
		['a misspelt key, node side', typo(nodeModules, 24, 'key', 'Lead'), sandboxModules, ['Lead: in the node', 'Leads: in the sandbox']],
		['a misspelt key, sandbox side', nodeModules, typo(sandboxModules, 0, 'key', 'Acounts'), ['Accounts: in the node', 'Acounts: in the']],
		['a wrong table', nodeModules, typo(sandboxModules, 39, 'table', 'vendors'), ['Vendors.table: node "accounts", sandbox "vendors"']],
		['a missing module', nodeModules.slice(1), sandboxModules, ['Accounts: in the sandbox']],
	])('modules: %s', (_, node, sandbox, expected) => {
		const found = disagreements(node, sandbox, byKey, ['table']);
		for (const e of expected) expect(found).toEqual(expect.arrayContaining([expect.stringContaining(e)]));
	});

	it.each([
		['a wrong code', typo(nodeErrors, 9, 'code', 23), sandboxErrors, ['23/400: in the node', '22/400: in the sandbox']],
		['a wrong HTTP status', nodeErrors, typo(sandboxErrors, 3, 'httpStatus', 401), ['12/400: in the node', 'listed twice']],
		['a typo in a message', typo(nodeErrors, 1, 'message', 'The session ID is invalid'), sandboxErrors, ['11/401.message']],
	])('errors: %s', (_, node, sandbox, expected) => {
		const found = disagreements(node, sandbox, byCode, ['name', 'message']);
		for (const e of expected) expect(found).toEqual(expect.arrayContaining([expect.stringContaining(e)]));
	});
});

describe("the sandbox's copy is the API text's", () => {
	const text = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'api-reference.txt'), 'utf8')
		.split('\n')
		.map((l) => l.trim());
	/** The rows of a table of the text: the lines after its header, up to the first blank one. */
	const rows = (header: string) => {
		const start = text.indexOf(header);
		expect(start).toBeGreaterThan(0);
		const end = text.indexOf('', start + 1);
		return text.slice(start + 1, end);
	};

	it('"Module List": key, Persian label, English label, row by row', () => {
		expect(SPEC_MODULES.map((m) => `${m.key} ${m.labelFa} ${m.labelEn}`)).toEqual(rows('Module Key Persian Label English Label'));
	});

	it('"Errors": HTTP status, code, code name, meaning, row by row', () => {
		const lines = rows('HTTP Status Code Code name Meaning');
		expect(SPEC_ERRORS.map((e) => `${e.httpStatus} ${e.code} ${e.name} ${e.message}`)).toEqual(lines);
	});

	it('tables are the key in lower case, Vendors in accounts (the notes)', () => {
		expect(moduleTable('AOS_Invoices')).toBe('aos_invoices');
		expect(moduleTable('asol_Project')).toBe('asol_project');
		expect(moduleTable('Vendors')).toBe('accounts');
		expect(MODULE_KEYS).toContain('sc_contract_management');
	});

	it('code 12 is told apart by the HTTP status', () => {
		expect(specError(12, 400)?.name).toBe('Invalid Portal Client');
		expect(specError(12, 401)?.name).toBe('User Not Configured');
		expect(specError(12)?.name).toBe('User Not Configured');
		expect(specError(13)).toBeUndefined();
	});
});
