import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { SarvModule } from '../../../nodes/core/modules';
import { operationParameters, operationProperties } from '../../../nodes/SarvCrm/assemble';
import type { SarvOperation } from '../../../nodes/SarvCrm/operation';
import { maxParallelOption } from '../../../nodes/SarvCrm/parameters/options';
import { INVOICES, LEADS } from './fake-item';

const op = (value: string, extra: Partial<SarvOperation> = {}): SarvOperation => ({
	value,
	name: `Op ${value}`,
	description: `Does ${value}`,
	action: (module: SarvModule) => `${value} ${module.a} ${module.singular}`,
	read: () => undefined,
	...extra,
});

const prop = (name: string, displayName: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...extra,
});

const optionsOf = (p: INodeProperties) => p.options as INodePropertyOptions[];
const entriesOf = (p: INodeProperties) => p.options as INodeProperties[];

describe('operationProperties', () => {
	it('gives one Operation picker per module, shown for that resource only', () => {
		const [leads, invoices] = operationProperties([LEADS, INVOICES], [op('create'), op('get')]);
		expect(leads).toEqual({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['Leads'] } },
			options: [
				{ name: 'Op create', value: 'create', action: 'create a lead', description: 'Does create' },
				{ name: 'Op get', value: 'get', action: 'get a lead', description: 'Does get' },
			],
			default: 'create',
		});
		expect(invoices.displayOptions).toEqual({ show: { resource: ['AOS_Invoices'] } });
		expect(optionsOf(invoices).map((o) => o.action)).toEqual(['create an invoice', 'get an invoice']);
	});

	it('gives no picker for no modules', () => {
		expect(operationProperties([], [op('create')])).toEqual([]);
	});

	it('lists, for each module, only the operations that apply to it', () => {
		const onlyInvoices = op('pdf', { appliesTo: (m) => m.key === 'AOS_Invoices' });
		const [leads, invoices] = operationProperties([LEADS, INVOICES], [op('create'), onlyInvoices, op('delete')]);
		expect(optionsOf(leads).map((o) => o.value)).toEqual(['create', 'delete']);
		expect(optionsOf(invoices).map((o) => o.value)).toEqual(['create', 'pdf', 'delete']);
	});

	it('defaults to the operation declared default, wherever it is in the list', () => {
		const [leads] = operationProperties([LEADS], [op('create'), op('getAll', { isDefault: true }), op('delete')]);
		expect(leads.default).toBe('getAll');
	});

	it('defaults to the first operation when none is declared default', () => {
		const [leads] = operationProperties([LEADS], [op('update'), op('create')]);
		expect(leads.default).toBe('update');
	});

	it('defaults to the first applying operation when the declared default does not apply to the module', () => {
		const defaultForInvoices = op('pdf', { isDefault: true, appliesTo: (m) => m.key === 'AOS_Invoices' });
		const [leads, invoices] = operationProperties([LEADS, INVOICES], [op('create'), defaultForInvoices]);
		expect(leads.default).toBe('create');
		expect(invoices.default).toBe('pdf');
	});

	it('gives an empty picker defaulting to "" for a module no operation applies to', () => {
		const [leads] = operationProperties([LEADS], [op('pdf', { appliesTo: () => false })]);
		expect(leads.options).toEqual([]);
		expect(leads.default).toBe('');
	});
});

describe('operationParameters', () => {
	const LATEST = 1.1;
	const collections = (params: INodeProperties[]) => params.filter((p) => p.name === 'options');
	const displayNames = (p: INodeProperties) => entriesOf(p).map((o) => o.displayName);

	it('makes a parameter object shared by several operations one parameter shown for all of them', () => {
		const recordId = prop('recordId', 'Record ID');
		const limit = prop('limit', 'Limit', { type: 'number', default: 50 });
		const ops = [op('get', { properties: [recordId] }), op('getAll', { properties: [limit] }), op('delete', { properties: [recordId] })];
		const params = operationParameters(ops, LATEST);
		const own = params.filter((p) => p.name !== 'options');
		expect(own).toEqual([
			{ ...recordId, displayOptions: { show: { operation: ['get', 'delete'] } } },
			{ ...limit, displayOptions: { show: { operation: ['getAll'] } } },
		]);
	});

	it('keeps two distinct parameter objects apart even when they look alike', () => {
		const params = operationParameters([op('a', { properties: [prop('x', 'X')] }), op('b', { properties: [prop('x', 'X')] })], LATEST);
		expect(params.filter((p) => p.name === 'x').map((p) => p.displayOptions?.show?.operation)).toEqual([['a'], ['b']]);
	});

	it("keeps a parameter's own display conditions beside the operations, without changing the object", () => {
		const selected = prop('selectedFields', 'Fields', {
			displayOptions: { show: { output: ['selected'] }, hide: { resource: ['Notes'] } },
		});
		const [param] = operationParameters([op('get', { properties: [selected] }), op('getAll', { properties: [selected] })], LATEST);
		expect(param.displayOptions).toEqual({ show: { output: ['selected'], operation: ['get', 'getAll'] }, hide: { resource: ['Notes'] } });
		expect(selected.displayOptions).toEqual({ show: { output: ['selected'] }, hide: { resource: ['Notes'] } });
	});

	it('ends with two Options collections: version 1, and the latest version and after', () => {
		const params = operationParameters([op('get')], LATEST);
		expect(params).toHaveLength(2);
		const [v1, latest] = params;
		expect({ ...v1, options: undefined }).toEqual({
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { '@version': [1] } },
			options: undefined,
		});
		expect(latest.displayOptions).toEqual({ show: { '@version': [{ _cnd: { gte: 1.1 } }] } });
		expect(operationParameters([], 2)[1].displayOptions).toEqual({ show: { '@version': [{ _cnd: { gte: 2 } }] } });
	});

	it('always has Max Parallel Requests, for every operation, in both collections', () => {
		for (const collection of collections(operationParameters([], LATEST))) {
			expect(collection.options).toEqual([maxParallelOption]);
		}
		for (const collection of collections(operationParameters([op('get', { options: [prop('z', 'Zeta')] })], LATEST))) {
			expect(entriesOf(collection).filter((o) => o.name === 'maxParallel')).toEqual([maxParallelOption]);
		}
	});

	it('scopes Options entries with /operation, a shared entry once for all its operations', () => {
		const pageSize = prop('pageSize', 'Page Size', { type: 'number', default: 100 });
		const full = prop('returnFullRecord', 'Fetch Full Record', { type: 'boolean', default: false });
		const ops = [op('getAll', { options: [pageSize] }), op('create', { options: [full] }), op('getRelated', { options: [pageSize] })];
		const [, latest] = collections(operationParameters(ops, LATEST));
		expect(latest.options).toEqual([
			{ ...full, displayOptions: { show: { '/operation': ['create'] } } },
			maxParallelOption,
			{ ...pageSize, displayOptions: { show: { '/operation': ['getAll', 'getRelated'] } } },
		]);
	});

	it('puts version-1-only options in the version 1 collection only', () => {
		const simplify = prop('simplify', 'Simplify', { type: 'boolean', default: true });
		const fields = prop('fields', 'Fields');
		const ops = [op('get', { optionsV1: [simplify] }), op('getAll', { options: [fields], optionsV1: [simplify] })];
		const [v1, latest] = collections(operationParameters(ops, LATEST));
		expect(displayNames(v1)).toEqual(['Fields', 'Max Parallel Requests', 'Simplify']);
		expect(entriesOf(v1).find((o) => o.name === 'simplify')!.displayOptions).toEqual({ show: { '/operation': ['get', 'getAll'] } });
		expect(displayNames(latest)).toEqual(['Fields', 'Max Parallel Requests']);
	});

	it('shows an entry one operation has for version 1 only and another for all: both in version 1, the other after', () => {
		const fields = prop('fields', 'Fields');
		const [v1, latest] = collections(
			operationParameters([op('get', { optionsV1: [fields] }), op('getAll', { options: [fields] })], LATEST),
		);
		expect(entriesOf(v1).find((o) => o.name === 'fields')!.displayOptions!.show).toEqual({ '/operation': ['get', 'getAll'] });
		expect(entriesOf(latest).find((o) => o.name === 'fields')!.displayOptions!.show).toEqual({ '/operation': ['getAll'] });
	});

	it('sorts Options entries by display name', () => {
		const ops = [
			op('a', { options: [prop('zz', 'Zebra'), prop('off', 'Offset')] }),
			op('b', { options: [prop('ap', 'Apple')], optionsV1: [prop('no', 'Nothing Else')] }),
		];
		const [v1, latest] = collections(operationParameters(ops, LATEST));
		expect(displayNames(v1)).toEqual(['Apple', 'Max Parallel Requests', 'Nothing Else', 'Offset', 'Zebra']);
		expect(displayNames(latest)).toEqual(['Apple', 'Max Parallel Requests', 'Offset', 'Zebra']);
	});

	it('puts operation parameters first, in the order operations name them', () => {
		const ops = [op('a', { properties: [prop('p2', 'Second'), prop('p1', 'First')] }), op('b', { properties: [prop('p3', 'Third')] })];
		expect(operationParameters(ops, LATEST).map((p) => p.name)).toEqual(['p2', 'p1', 'p3', 'options', 'options']);
	});
});
