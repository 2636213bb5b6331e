/**
 * Persian-first input through n8n's engine against the sandbox: digits in every script,
 * Jalali dates (Dates Typed In), and both writings of Yeh and Kaf in filters and lookups.
 * The sandbox is SarvCRM's model: its comparisons tell ي from ی and ك from ک, and it reads
 * only ASCII digits, so every match below is the node's doing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { foldLetters } from '../../../nodes/core/letters';
import { startHarness, type Harness } from '../../harness';
import { listFields } from './fixtures';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => await h.close());
beforeEach(() => h.sandbox.clearLog());

const YEH_FA = '\u06cc';
const YEH_AR = '\u064a';
const KAF_FA = '\u06a9';
const KAF_AR = '\u0643';
const arabic = (s: string) => s.replace(/\u06cc/g, YEH_AR).replace(/\u06a9/g, KAF_AR);

const createLead = (rows: Array<{ name: string; value: string }>, extra: INodeParameters = {}) =>
	h.runNode({
		resource: 'Leads',
		operation: 'create',
		fieldsInput: 'list',
		fields: listFields([{ name: 'status', value: 'New' }, ...rows]),
		...extra,
	});
const search = (phoneNumber: string) => h.runNode({ resource: 'Leads', operation: 'searchByNumber', phoneNumber });
const getMany = (conditions: INodeParameters[], options: INodeParameters = {}) =>
	h.runNode({ resource: 'Leads', operation: 'getAll', returnAll: true, output: 'raw', filters: { conditions }, options });
const ids = (records: Array<Record<string, unknown>>) => records.map((r) => String(r.id)).sort();
const saves = () => h.sandbox.calls('Save');

describe('digits', () => {
	let leadId = '';
	beforeAll(async () => {
		const [lead] = (
			await createLead([{ name: 'last_name', value: 'Digits Phone' }], {
				phoneNumbers: { number: [{ type: 'Mobile', number: '09121000005', phoneCode: '+98', primary: true }] },
			})
		)
			.assertSuccess()
			.json();
		leadId = String(lead.id);
		// "Nothing else": no other record carries these digits, so any other hit would be wrong.
		const others = h.sandbox.records('Leads').filter((r) => r.id !== leadId && JSON.stringify(r.numbers ?? '').includes('9121000005'));
		expect(others).toEqual([]);
	});

	it.each([
		['ASCII', '09121000005'],
		['Persian digits', '۰۹۱۲۱۰۰۰۰۰۵'],
		['Arabic-Indic digits', '٠٩١٢١٠٠٠٠٠٥'],
		['mixed ASCII and Persian (copy-paste)', '0912۱۰۰۰۰۰۵'],
		['+98 with spaces', '+98 912 100 0005'],
		['0098', '0098 912 100 0005'],
		['Persian ۰۰۹۸', '۰۰۹۸۹۱۲۱۰۰۰۰۰۵'],
		['Persian +۹۸ with spaces', '+۹۸ ۹۱۲ ۱۰۰ ۰۰۰۵'],
		['dashes and direction marks', '\u200e0912-100-0005\u200f'],
	])('Search by Phone Number (%s) sends 09121000005 and finds the record, and nothing else', async (_form, typed) => {
		const found = (await search(typed)).assertSuccess().json();
		expect(ids(found)).toEqual([leadId]);
		expect(h.sandbox.log.filter((e) => e.method === 'SearchByNumber').map((e) => e.params.number)).toEqual(['09121000005']);
	});

	it('a partial number in Persian digits is the same partial number', async () => {
		(await search('۹۱۲۱۰۰۰۰')).assertSuccess();
		expect(h.sandbox.log.find((e) => e.method === 'SearchByNumber')?.params.number).toBe('91210000');
	});

	it('text that is no phone number fails the item naming the field, and is not sent', async () => {
		const result = await search('0912۱۰abc');
		expect(result.error?.message).toMatch(/Phone Number "0912۱۰abc" is not a phone number/);
		expect(h.sandbox.calls('SearchByNumber')).toBe(0);
	});

	it('a number created in Persian digits is stored in ASCII and found by ASCII digits', async () => {
		const [lead] = (
			await createLead([{ name: 'last_name', value: 'Persian Phone' }], {
				phoneNumbers: { number: [{ type: 'Mobile', number: '۰۹۳۵۱۲۳۴۵۶۷', phoneCode: '+98', primary: true }] },
			})
		)
			.assertSuccess()
			.json();
		const stored = h.sandbox.getRecord('Leads', String(lead.id))!;
		expect(stored.numbers).toEqual([expect.objectContaining({ number: '09351234567' })]);
		expect(ids((await search('09351234567')).assertSuccess().json())).toEqual([String(lead.id)]);
	});

	it('auto-mapped numbers and +98 forms are stored national', async () => {
		const result = await h.runNode(
			{ resource: 'Leads', operation: 'create', fieldsInput: 'mapper', columns: { mappingMode: 'autoMapInputData', value: null } },
			[{ last_name: 'Auto Persian', status: 'New', numbers: ['+۹۸ ۹۱۹ ۷۷۷ ۶۶۵۵'] }],
		);
		const stored = h.sandbox.getRecord('Leads', String(result.assertSuccess().json()[0].id))!;
		expect((stored.numbers as IDataObject[]).map((n) => n.number)).toEqual(['09197776655']);
	});

	it('a Persian-digit amount is stored as the number, and a Persian-digit filter finds it', async () => {
		const [lead] = (
			await createLead([
				{ name: 'last_name', value: 'Persian Amount' },
				{ name: 'opportunity_amount', value: '۱۲۵۰۰۰۰' },
			])
		)
			.assertSuccess()
			.json();
		expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ opportunity_amount: '1250000' });
		const [arabicIndic] = (
			await createLead([
				{ name: 'last_name', value: 'Arabic Amount' },
				{ name: 'opportunity_amount', value: '١٬٢٥٠٬٠٠٠٫٥' },
			])
		)
			.assertSuccess()
			.json();
		expect(h.sandbox.getRecord('Leads', String(arabicIndic.id))).toMatchObject({ opportunity_amount: '1250000.5' });

		const found = (await getMany([{ field: 'opportunity_amount', operator: 'equals', value: '۱۲۵۰۰۰۰' }])).assertSuccess().json();
		expect(ids(found)).toContain(String(lead.id));
		expect(found.every((r) => Number(r.opportunity_amount) === 1250000)).toBe(true);
	});

	it('the resource mapper (a number column) takes a Persian-digit amount too', async () => {
		const result = await h.runNode({
			resource: 'Leads',
			operation: 'create',
			fieldsInput: 'mapper',
			columns: { mappingMode: 'defineBelow', value: { last_name: 'Mapped Amount', status: 'New', opportunity_amount: '۲۵۰۰' } },
		});
		const [lead] = result.assertSuccess().json();
		expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ opportunity_amount: '2500' });
	});

	it('an amount that is still no number fails naming the field, and nothing is saved', async () => {
		const result = await createLead([
			{ name: 'last_name', value: 'Bad Amount' },
			{ name: 'opportunity_amount', value: '۱۲۵ هزار' },
		]);
		expect(result.error?.message).toMatch(/"opportunity_amount".*expects a number/);
		expect(saves()).toBe(0);
	});

	it('a phone filter in Persian digits finds the stored ASCII number', async () => {
		const found = (await getMany([{ field: 'numbers', operator: 'contains', value: '۹۱۲۱۰۰۰۰۰۵' }])).assertSuccess().json();
		expect(ids(found)).toEqual([leadId]);
	});
});

describe('Jalali dates', () => {
	const jalali = { datesTypedIn: 'jalali' };

	it.each([['۱۴۰۳/۰۵/۱۲'], ['1403-05-12'], ['1403/05/12'], ['١٤٠٣-٠٥-١٢']])(
		'with Dates Typed In: Jalali, %p is stored as 2024-08-02',
		async (typed) => {
			const [lead] = (
				await createLead(
					[
						{ name: 'last_name', value: 'Jalali' },
						{ name: 'birthdate', value: typed },
					],
					{ options: jalali },
				)
			)
				.assertSuccess()
				.json();
			expect(lead.birthdate).toBe('2024-08-02');
			expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ birthdate: '2024-08-02' });
		},
	);

	it.each([['۱۴۰۳/۰۵/۱۲'], ['1403-05-12']])(
		'with the default, %p fails naming the field and the option, and nothing is saved',
		async (typed) => {
			const result = await createLead([
				{ name: 'last_name', value: 'Not Jalali' },
				{ name: 'birthdate', value: typed },
			]);
			expect(result.error?.message).toMatch(
				/"birthdate".*looks like a Jalali \(Persian calendar\) date, but "Dates Typed In" is Gregorian/,
			);
			expect(result.error?.description).toMatch(/Dates Typed In to Jalali/);
			expect(saves()).toBe(0);
			expect(h.sandbox.records('Leads').some((r) => String(r.birthdate ?? '').startsWith('1403'))).toBe(false);
		},
	);

	it('the resource mapper (a dateTime column) converts the same way, and the default refuses', async () => {
		const mapped = (options: INodeParameters) =>
			h.runNode({
				resource: 'Leads',
				operation: 'create',
				fieldsInput: 'mapper',
				columns: { mappingMode: 'defineBelow', value: { last_name: 'Mapped Jalali', status: 'New', birthdate: '1403-05-12' } },
				options,
			});
		const [lead] = (await mapped(jalali)).assertSuccess().json();
		expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ birthdate: '2024-08-02' });
		const refused = await mapped({});
		expect(refused.error?.message).toMatch(/"birthdate".*Jalali/);
	});

	it('a Jalali datetime keeps its time and offset', async () => {
		const result = await h.runNode({
			resource: 'Meetings',
			operation: 'create',
			fieldsInput: 'list',
			fields: listFields([
				{ name: 'name', value: 'Jalali meeting' },
				{ name: 'date_start', value: '۱۴۰۳/۰۵/۱۲ ۱۰:۳۰:۰۰+۰۳:۳۰' },
			]),
			options: jalali,
		});
		const [meeting] = result.assertSuccess().json();
		expect(meeting.date_start).toBe('2024-08-02T10:30:00+03:30');
		const save = h.sandbox.log.find((e) => e.method === 'Save')!;
		expect((save.body as IDataObject).date_start).toBe('2024-08-02T10:30:00+03:30');
	});

	it('Update and Create or Update take the option too', async () => {
		const [lead] = (await createLead([{ name: 'last_name', value: 'Jalali Update' }])).assertSuccess().json();
		const id = String(lead.id);
		(
			await h.runNode({
				resource: 'Leads',
				operation: 'update',
				recordId: id,
				fieldsInput: 'list',
				fields: listFields([{ name: 'birthdate', value: '1370/01/01' }]),
				options: jalali,
			})
		).assertSuccess();
		expect(h.sandbox.getRecord('Leads', id)).toMatchObject({ birthdate: '1991-03-21' });
		const upserted = await h.runNode({
			resource: 'Leads',
			operation: 'upsert',
			fieldsInput: 'list',
			fields: listFields([
				{ name: 'last_name', value: 'Jalali Update' },
				{ name: 'birthdate', value: '۱۴۰۳/۰۱/۰۱' },
			]),
			matchFields: ['last_name'],
			options: jalali,
		});
		expect(upserted.assertSuccess().json()).toEqual([expect.objectContaining({ id, upsertResult: 'updated' })]);
		expect(h.sandbox.getRecord('Leads', id)).toMatchObject({ birthdate: '2024-03-20' });
	});

	it('a Jalali filter on a date field finds the record; under the default it fails naming the field', async () => {
		const [lead] = (
			await createLead(
				[
					{ name: 'last_name', value: 'Jalali Filter' },
					{ name: 'birthdate', value: '1359/06/31' },
				],
				{ options: jalali },
			)
		)
			.assertSuccess()
			.json();
		expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ birthdate: '1980-09-22' });
		const found = (await getMany([{ field: 'birthdate', operator: 'equals', value: '۱۳۵۹/۰۶/۳۱' }], jalali)).assertSuccess().json();
		expect(ids(found)).toEqual([String(lead.id)]);
		h.sandbox.clearLog();
		const refused = await getMany([{ field: 'birthdate', operator: 'equals', value: '۱۳۵۹/۰۶/۳۱' }]);
		expect(refused.error?.message).toMatch(/"birthdate".*Dates Typed In/);
		expect(h.sandbox.calls('Retrieve')).toBe(0);
	});

	it('Add Jalali Dates gives reads a Jalali copy of each date field; off, the records are as SarvCRM sent them', async () => {
		const [lead] = (
			await createLead([
				{ name: 'last_name', value: 'Jalali Copy' },
				{ name: 'birthdate', value: '2024-08-02' },
			])
		)
			.assertSuccess()
			.json();
		const conditions = [{ field: 'id', operator: 'equals', value: String(lead.id) }];
		const [withCopy] = (await getMany(conditions, { jalaliDates: true })).assertSuccess().json();
		expect(withCopy).toMatchObject({ birthdate: '2024-08-02', birthdate_jalali: '1403-05-12' });
		expect(withCopy.date_entered_jalali).toMatch(/^14\d\d-\d\d-\d\d$/);
		const [plain] = (await getMany(conditions)).assertSuccess().json();
		expect(Object.keys(plain).filter((k) => k.endsWith('_jalali'))).toEqual([]);
	});

	it('an impossible Jalali day fails naming the field', async () => {
		const result = await createLead(
			[
				{ name: 'last_name', value: 'No Day' },
				{ name: 'birthdate', value: '1404/12/30' },
			],
			{ options: jalali },
		);
		expect(result.error?.message).toMatch(/"birthdate".*not a day of the Jalali calendar/);
		expect(saves()).toBe(0);
	});
});

describe('letter forms', () => {
	/** Seeded leads whose last name has a Yeh or Kaf, by how it is stored. */
	const stored = (writing: 'arabic' | 'persian') =>
		h.sandbox.records('Leads').filter((r) => {
			const name = String(r.last_name ?? '');
			return writing === 'arabic' ? /[\u064a\u0643]/.test(name) : /[\u06cc\u06a9]/.test(name) && !/[\u064a\u0643]/.test(name);
		});
	/** Every lead whose last name is the same word in whichever writing. */
	const sameWord = (name: string, match: (a: string, b: string) => boolean) =>
		h.sandbox.records('Leads').filter((r) => match(foldLetters(String(r.last_name ?? '')), foldLetters(name)));

	it('the sandbox stores demo data in both writings (as SarvCRM databases hold it)', () => {
		expect(stored('arabic').length).toBeGreaterThan(0);
		expect(stored('persian').length).toBeGreaterThan(0);
	});

	it.each(['equals', 'contains', 'startsWith'])(
		'%s typed with Persian letters finds records stored with Arabic ones, and the other way round',
		async (operator) => {
			const match = {
				equals: (a: string, b: string) => a === b,
				contains: (a: string, b: string) => a.includes(b),
				startsWith: (a: string, b: string) => a.startsWith(b),
			}[operator]!;
			const arabicStored = stored('arabic')[0];
			const persianStored = stored('persian')[0];
			for (const [record, typed] of [
				[arabicStored, foldLetters(String(arabicStored.last_name))],
				[persianStored, arabic(String(persianStored.last_name))],
			] as const) {
				const value = operator === 'equals' ? typed : typed.slice(0, Math.max(2, typed.length - 1));
				const found = (await getMany([{ field: 'last_name', operator, value }])).assertSuccess().json();
				expect(ids(found)).toContain(String(record.id));
				expect(ids(found)).toEqual(ids(sameWord(value, match)));
			}
		},
	);

	it('with Match Arabic and Persian Letters off, a filter matches only the writing typed (the server tells them apart)', async () => {
		const record = stored('arabic')[0];
		const typed = foldLetters(String(record.last_name));
		const found = (await getMany([{ field: 'last_name', operator: 'equals', value: typed }], { matchLetterForms: false }))
			.assertSuccess()
			.json();
		expect(ids(found)).not.toContain(String(record.id));
		const query = String((h.sandbox.log.find((e) => e.method === 'Retrieve')!.body as IDataObject).query);
		expect(query).toBe(`leads.last_name = '${typed}'`);
	});

	it('the query asks for each writing with quoted literals only', async () => {
		(await getMany([{ field: 'last_name', operator: 'equals', value: `${KAF_FA}ر${YEH_FA}م${YEH_FA}` }])).assertSuccess();
		const query = String((h.sandbox.log.find((e) => e.method === 'Retrieve')!.body as IDataObject).query);
		expect(query).toBe(
			`leads.last_name IN ('${KAF_FA}ر${YEH_FA}م${YEH_FA}', '${KAF_AR}ر${YEH_FA}م${YEH_FA}', ` +
				`'${KAF_FA}ر${YEH_AR}م${YEH_AR}', '${KAF_AR}ر${YEH_AR}م${YEH_AR}')`,
		);
	});

	it('Create or Update finds a record stored with Arabic letters by a Persian-typed match value (one item and a batch)', async () => {
		const storedName = `${KAF_AR}اظم${YEH_AR} نمونه`;
		const record = h.sandbox.insert('Leads', { last_name: storedName, status: 'New' });
		const upsert = (names: string[], options: INodeParameters = {}) =>
			h.runNode(
				{
					resource: 'Leads',
					operation: 'upsert',
					fieldsInput: 'list',
					fields: listFields([
						{ name: 'last_name', value: '={{ $json.n }}' },
						{ name: 'status', value: 'Assigned' },
					]),
					matchFields: ['last_name'],
					options,
				},
				names.map((n) => ({ n })),
			);
		const one = (await upsert([`${KAF_FA}اظم${YEH_FA} نمونه`])).assertSuccess().json();
		expect(one).toEqual([expect.objectContaining({ id: record.id, upsertResult: 'updated' })]);
		const batch = (await upsert([`${KAF_FA}اظم${YEH_FA} نمونه`, storedName, `${KAF_FA}اظم${YEH_AR} نمونه`])).assertSuccess().json();
		expect(batch.map((r) => [r.id, r.upsertResult])).toEqual([
			[record.id, 'updated'],
			[record.id, 'updated'],
			[record.id, 'updated'],
		]);
		expect(h.sandbox.records('Leads').filter((r) => foldLetters(String(r.last_name)) === foldLetters(storedName))).toHaveLength(1);
		// Switched off, the Persian writing is another value: a new record.
		const off = (await upsert([`${KAF_FA}اظم${YEH_FA} نمونه`], { matchLetterForms: false })).assertSuccess().json();
		expect(off).toEqual([expect.objectContaining({ upsertResult: 'created' })]);
		expect(off[0].id).not.toBe(record.id);
	});

	it('the Record picker finds a name in either writing', async () => {
		const record = stored('arabic')[0];
		const typed = foldLetters(String(record.last_name));
		const found = await h.listSearch('searchRecords', { resource: 'Leads' }, typed);
		expect(found.results.map((r) => r.value)).toContain(record.id);
	});

	it('text is stored as typed: the node never rewrites letters or digits of a text field', async () => {
		const name = `${KAF_AR}ر${YEH_AR}م${YEH_AR} ۱۲۳`;
		const [lead] = (
			await createLead([
				{ name: 'last_name', value: name },
				{ name: 'title', value: 'مانیتور ۲۷ اینچ' },
			])
		)
			.assertSuccess()
			.json();
		expect(h.sandbox.getRecord('Leads', String(lead.id))).toMatchObject({ last_name: name, title: 'مانیتور ۲۷ اینچ' });
	});
});

describe('trigger filters', () => {
	it('read Persian digits and match either writing of Yeh and Kaf; Add Jalali Dates works there too', async () => {
		const params = {
			resource: 'Leads',
			event: 'created',
			combineFilters: 'AND',
			options: { jalaliDates: true },
			filters: {
				conditions: [
					{ field: 'last_name', operator: 'equals', value: `${KAF_FA}ر${YEH_FA}م${YEH_FA} تریگر` },
					{ field: 'opportunity_amount', operator: 'equals', value: '۵۰۰' },
				],
			},
		};
		const first = await h.poll('sarvCrmTrigger', params);
		expect(first.items).toBeNull();
		h.sandbox.advanceClock(1000);
		const storedName = arabic(`${KAF_FA}ر${YEH_FA}م${YEH_FA} تریگر`);
		const hit = h.sandbox.insert('Leads', { last_name: storedName, status: 'New', opportunity_amount: '500' });
		h.sandbox.insert('Leads', { last_name: storedName, status: 'New', opportunity_amount: '600' });
		const second = await h.poll('sarvCrmTrigger', params, first.staticData);
		expect((second.items?.[0] ?? []).map((i) => i.json.id)).toEqual([hit.id]);
		expect(second.items?.[0][0].json.date_entered_jalali).toMatch(/^14\d\d-\d\d-\d\d$/);
	});
});
