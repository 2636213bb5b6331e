import { fieldOptions, mapperFields } from '../../../nodes/n8n/fieldPickers';
import { isRelationship, isWritable, normalizeModuleFields, normalizeOptions, type SarvField } from '../../../nodes/core/fields';

/** The doc's GetModuleFields example, with what real servers add (len as text, labels with ':'). */
const DOC_DATA = {
	id: { name: 'id', type: 'varchar', required: 0, label: 'شناسه', options: [] },
	date_entered: { name: 'date_entered', type: 'datetime', required: 0, label: 'تاریخ ایجاد', options: [] },
	status: {
		name: 'status',
		type: 'enum',
		required: 1,
		label: 'وضعیت',
		options: { New: 'جدید', Converted: 'تبدیل شده', Expired: 'منقضی شده' },
	},
	last_name: { name: 'last_name', type: 'varchar', required: '1', label: 'Last Name:', len: '100', options: [] },
	description: { name: 'description', type: 'text', required: 0, label: 'Description: ', len: '', options: [] },
	lead_source: {
		name: 'lead_source',
		type: 'Enum',
		required: 0,
		label: 'Lead Source',
		options: [
			{ name: 'Web Site', value: 'Web' },
			{ name: 'Cold Call', value: 'Cold' },
		],
	},
	account: {
		name: 'account',
		type: 'relate',
		required: 0,
		label: 'Account',
		related_module: 'Accounts',
		id_name: 'account_id',
		options: [],
	},
	calls: { name: 'calls', type: 'link', required: 0, label: 'Calls', related_module: 'Calls', options: [] },
};

describe('normalizeOptions', () => {
	it('object form {key: label}', () => {
		expect(normalizeOptions({ New: 'جدید', Converted: 'تبدیل شده', Empty: null })).toEqual([
			{ value: 'New', label: 'جدید' },
			{ value: 'Converted', label: 'تبدیل شده' },
			{ value: 'Empty', label: 'Empty' },
		]);
	});

	it('[{name, value}] form: value is the key, name the label', () => {
		expect(normalizeOptions([{ name: 'Web Site', value: 'Web' }, { value: 'Other' }, { name: 'OnlyName' }, null, 'junk'])).toEqual([
			{ value: 'Web', label: 'Web Site' },
			{ value: 'Other', label: 'Other' },
			{ value: 'OnlyName', label: 'OnlyName' },
		]);
	});

	it('empty / missing', () => {
		expect(normalizeOptions([])).toEqual([]);
		expect(normalizeOptions({})).toEqual([]);
		expect(normalizeOptions(undefined)).toEqual([]);
		expect(normalizeOptions('')).toEqual([]);
	});
});

describe('normalizeModuleFields', () => {
	const fields = normalizeModuleFields(DOC_DATA);
	const byName = (n: string) => fields.find((f) => f.name === n)!;

	it('reads the doc example shape', () => {
		expect(fields.map((f) => f.name)).toEqual(Object.keys(DOC_DATA));
		expect(byName('id')).toEqual({
			name: 'id',
			label: 'شناسه',
			type: 'varchar',
			required: false,
			options: [],
			relatedModule: undefined,
			idName: undefined,
			len: undefined,
		});
		expect(byName('status')).toMatchObject({
			type: 'enum',
			required: true,
			options: [
				{ value: 'New', label: 'جدید' },
				{ value: 'Converted', label: 'تبدیل شده' },
				{ value: 'Expired', label: 'منقضی شده' },
			],
		});
	});

	it('required 0/1 ints and "1" text; len as string; trailing colon removed; type lower-cased', () => {
		expect(byName('last_name')).toMatchObject({ required: true, len: 100, label: 'Last Name' });
		expect(byName('description')).toMatchObject({ required: false, len: undefined, label: 'Description' });
		expect(byName('lead_source')).toMatchObject({
			type: 'enum',
			options: [
				{ value: 'Web', label: 'Web Site' },
				{ value: 'Cold', label: 'Cold Call' },
			],
		});
		expect(byName('account')).toMatchObject({ type: 'relate', relatedModule: 'Accounts', idName: 'account_id' });
	});

	it('missing name/label/type fall back to the key / varchar', () => {
		expect(normalizeModuleFields({ foo_c: {} })).toEqual([
			{
				name: 'foo_c',
				label: 'foo_c',
				type: 'varchar',
				required: false,
				options: [],
				relatedModule: undefined,
				idName: undefined,
				len: undefined,
			},
		]);
	});

	it('a list of fields, and junk entries dropped', () => {
		expect(normalizeModuleFields([{ name: 'a', type: 'int' }, { type: 'int' }, null]).map((f) => f.name)).toEqual(['a']);
		expect(normalizeModuleFields({ a: null, b: 'x', c: { type: 'bool' } }).map((f) => f.name)).toEqual(['c']);
		expect(normalizeModuleFields(undefined)).toEqual([]);
		expect(normalizeModuleFields(null)).toEqual([]);
	});

	it('required variants', () => {
		const r = (required: unknown) => normalizeModuleFields({ f: { required } })[0].required;
		expect([r(1), r('1'), r(true), r('true')]).toEqual([true, true, true, true]);
		expect([r(0), r('0'), r(false), r(''), r(undefined), r('false')]).toEqual([false, false, false, false, false, false]);
	});
});

describe('fieldOptions', () => {
	const fields = normalizeModuleFields(DOC_DATA);

	it('marks required ones with * and sorts by label', () => {
		const options = fieldOptions(fields);
		const names = options.map((o) => String(o.name));
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(options.find((o) => o.value === 'last_name')).toEqual({
			name: 'Last Name * (last_name)',
			value: 'last_name',
			description: 'varchar, required',
		});
		expect(options.find((o) => o.value === 'description')).toEqual({
			name: 'Description (description)',
			value: 'description',
			description: 'text',
		});
		expect(options.find((o) => o.value === 'status')?.name).toBe('وضعیت * (status)');
	});

	it('applies the filter', () => {
		expect(fieldOptions(fields, isWritable).map((o) => o.value)).not.toContain('id');
		expect(
			fieldOptions(fields, isRelationship)
				.map((o) => o.value)
				.sort(),
		).toEqual(['account', 'calls']);
	});
});

describe('mapperFields', () => {
	const f = (name: string, type: string, extra: Partial<SarvField> = {}): SarvField => ({
		name,
		label: name.toUpperCase(),
		type,
		required: false,
		options: [],
		...extra,
	});

	const fields: SarvField[] = [
		f('status', 'enum', { required: true, options: [{ value: 'New', label: 'جدید' }] }),
		f('kind', 'radioenum', { options: [{ value: 'a', label: 'A' }] }),
		f('tags', 'multienum', { options: [{ value: 'x', label: 'X' }] }),
		f('do_not_call', 'bool'),
		f('employees', 'int'),
		f('employees2', 'integer'),
		f('rate', 'float'),
		f('amount', 'currency'),
		f('birthdate', 'date'),
		f('meeting_at', 'datetime'),
		f('meeting_combo', 'datetimecombo'),
		f('numbers', 'varchar'),
		f('phone_work', 'phone'),
		f('last_name', 'varchar', { required: true }),
		f('account_name', 'relate', { relatedModule: 'Accounts' }),
		f('calls', 'link'),
		f('id', 'id'),
		f('date_entered', 'datetime'),
		f('date_modified', 'datetime'),
		f('created_by', 'relate'),
		f('modified_user_id', 'relate'),
		f('deleted', 'bool'),
	];
	const columns = mapperFields(fields);
	const col = (id: string) => columns.find((c) => c.id === id);

	it('types', () => {
		expect(col('status')).toEqual({
			id: 'status',
			displayName: 'STATUS (status)',
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: true,
			display: true,
			type: 'options',
			options: [{ name: 'جدید', value: 'New' }],
		});
		expect(col('kind')).toMatchObject({ type: 'options', options: [{ name: 'A', value: 'a' }] });
		expect(col('tags')?.type).toBe('array');
		expect(col('tags')).not.toHaveProperty('options');
		expect(col('do_not_call')?.type).toBe('boolean');
		for (const id of ['employees', 'employees2', 'rate', 'amount']) expect(col(id)?.type).toBe('number');
		for (const id of ['birthdate', 'meeting_at', 'meeting_combo']) expect(col(id)?.type).toBe('dateTime');
		expect(col('numbers')?.type).toBe('array');
		expect(col('phone_work')?.type).toBe('string');
		expect(col('last_name')).toMatchObject({ type: 'string', required: true });
		expect(col('account_name')?.type).toBe('string');
	});

	it('read-only and link fields are excluded', () => {
		const ids = columns.map((c) => c.id);
		for (const id of ['calls', 'id', 'date_entered', 'date_modified', 'created_by', 'modified_user_id', 'deleted'])
			expect(ids).not.toContain(id);
		expect(ids).toHaveLength(fields.length - 7);
	});
});
