import { NodeHelpers, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { findModule, SARV_MODULES } from '../../../nodes/core/modules';
import { operationProperties } from '../../../nodes/SarvCrm/assemble';
import { OPERATIONS } from '../../../nodes/SarvCrm/operations';
import { SarvCrm } from '../../../nodes/SarvCrm/SarvCrm.node';

const TWO_MODULES = [findModule('Leads')!, findModule('AOS_Invoices')!];
const TWO_OPERATIONS = OPERATIONS.filter((op) => op.value === 'create' || op.value === 'getAll');

const optionsOf = (p: INodeProperties) => p.options as INodePropertyOptions[];

describe('operationProperties (the Operation picker, once per module)', () => {
	it('gives each module its own Operation property, shown only for that resource', () => {
		const props = operationProperties(TWO_MODULES, TWO_OPERATIONS);
		expect(props.map((p) => [p.name, p.displayOptions?.show?.resource, p.default])).toEqual([
			['operation', ['Leads'], 'getAll'],
			['operation', ['AOS_Invoices'], 'getAll'],
		]);
		expect(props.every((p) => p.type === 'options' && p.noDataExpression === true)).toBe(true);
	});

	it('names every action after the module, with the right article', () => {
		const [leads, invoices] = operationProperties(TWO_MODULES, TWO_OPERATIONS);
		expect(optionsOf(leads).map((o) => [o.value, o.action])).toEqual([
			['create', 'Create a lead'],
			['getAll', 'Get many leads'],
		]);
		expect(optionsOf(invoices).map((o) => o.action)).toEqual(['Create an invoice', 'Get many invoices']);
	});
});

describe('the SarvCRM node description', () => {
	const description = new SarvCrm().description;
	const resourceOptions = (description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map(
		(o) => o.value,
	);
	const operationProps = description.properties.filter((p) => p.name === 'operation');

	it('has, for every module of the Resource picker, exactly one Operation property (what the nodes panel reads)', () => {
		expect(resourceOptions).toHaveLength(SARV_MODULES.length);
		for (const resource of resourceOptions) {
			const shown = operationProps.filter((p) => (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource as string));
			expect(shown).toHaveLength(1);
			const module = findModule(resource as string)!;
			const own = OPERATIONS.filter((o) => !o.appliesTo || o.appliesTo(module));
			expect(
				optionsOf(shown[0])
					.map((o) => o.value)
					.sort(),
			).toEqual(own.map((o) => o.value).sort());
		}
	});

	it('has distinct action texts for the operations of every module, phone search on the 7 modules with numbers, and the file actions on Notes and Documents', () => {
		const actions = operationProps.flatMap((p) => optionsOf(p).map((o) => o.action!));
		const everywhere = OPERATIONS.filter((o) => !o.appliesTo).length;
		expect(actions).toHaveLength(SARV_MODULES.length * everywhere + 7 + 4);
		expect(actions).toEqual(expect.arrayContaining(['Upload a file to a note', 'Download the file of a document']));
		expect(new Set(actions).size).toBe(actions.length);
		expect(actions).toEqual(
			expect.arrayContaining(['Create a lead', 'Get many invoices', 'Search leads by phone number', 'Update an opportunity']),
		);
	});

	it('gives a node added from an action a readable name (n8n-workflow makeNodeName)', () => {
		expect(NodeHelpers.makeNodeName({ resource: 'Leads', operation: 'create' }, description)).toBe('Create a lead');
		expect(NodeHelpers.makeNodeName({ resource: 'AOS_Invoices', operation: 'getAll' }, description)).toBe('Get many invoices');
		expect(NodeHelpers.makeNodeName({ resource: 'Accounts', operation: 'searchByNumber' }, description)).toBe(
			'Search accounts by phone number',
		);
	});
});
