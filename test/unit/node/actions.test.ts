import { NodeHelpers, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { SarvCrm } from '../../../nodes/SarvCrm/SarvCrm.node';
import { fillTemplate, operationPropertiesByResource, withArticle } from '../../../nodes/SarvCrm/descriptions/actions';
import { OPERATION_TEMPLATES } from '../../../nodes/SarvCrm/descriptions/operations';
import { SARV_MODULES } from '../../../nodes/SarvCrm/modules';

const TWO_MODULES = [
	{ key: 'Leads', singular: 'lead', plural: 'leads' },
	{ key: 'AOS_Invoices', singular: 'invoice', plural: 'invoices' },
];
const TWO_OPERATIONS = [
	{ name: 'Create', value: 'create', action: 'Create {a singular}', description: 'Create a new {singular}' },
	{ name: 'Get Many', value: 'getAll', action: 'Get many {plural}', description: 'List {plural}' },
];

const optionsOf = (p: INodeProperties) => p.options as INodePropertyOptions[];

describe('operationPropertiesByResource', () => {
	it('gives each module its own Operation property, shown only for that resource', () => {
		const props = operationPropertiesByResource(TWO_MODULES, TWO_OPERATIONS, 'getAll');

		expect(props.map((p) => [p.name, p.displayOptions?.show?.resource, p.default])).toEqual([
			['operation', ['Leads'], 'getAll'],
			['operation', ['AOS_Invoices'], 'getAll'],
		]);
		expect(props.every((p) => p.type === 'options' && p.noDataExpression === true)).toBe(true);
	});

	it('names every action after the module, with the right article', () => {
		const [leads, invoices] = operationPropertiesByResource(TWO_MODULES, TWO_OPERATIONS, 'create');

		expect(optionsOf(leads)).toEqual([
			{ name: 'Create', value: 'create', action: 'Create a lead', description: 'Create a new lead' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many leads', description: 'List leads' },
		]);
		expect(optionsOf(invoices).map((o) => o.action)).toEqual(['Create an invoice', 'Get many invoices']);
	});

	it('refuses a default that is not one of the operations', () => {
		expect(() => operationPropertiesByResource(TWO_MODULES, TWO_OPERATIONS, 'nope')).toThrow(/"nope" is not in the operation list/);
	});

	it('fills every placeholder of a template', () => {
		expect(withArticle('opportunity')).toBe('an opportunity');
		expect(withArticle('PDF template')).toBe('a PDF template');
		expect(fillTemplate('{a singular} / {singular} / {plural}', TWO_MODULES[1])).toBe('an invoice / invoice / invoices');
	});
});

describe('the SarvCRM node description', () => {
	const description = new SarvCrm().description;
	const resourceOptions = (description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((o) => o.value);
	const operationProps = description.properties.filter((p) => p.name === 'operation');

	it('has, for every module of the Resource picker, exactly one Operation property (what the nodes panel reads)', () => {
		expect(resourceOptions).toHaveLength(SARV_MODULES.length);
		for (const resource of resourceOptions) {
			const shown = operationProps.filter((p) => p.displayOptions?.show?.resource?.includes(resource));
			expect(shown).toHaveLength(1);
			expect(optionsOf(shown[0]).map((o) => o.value).sort()).toEqual(OPERATION_TEMPLATES.map((o) => o.value).sort());
		}
	});

	it('has 400 distinct action texts, with no placeholder left over', () => {
		const actions = operationProps.flatMap((p) => optionsOf(p).map((o) => o.action!));
		expect(actions).toHaveLength(SARV_MODULES.length * OPERATION_TEMPLATES.length);
		expect(new Set(actions).size).toBe(actions.length);
		expect(actions.filter((a) => /[{}]/.test(a))).toEqual([]);
		expect(actions).toEqual(expect.arrayContaining(['Create a lead', 'Get many invoices', 'Search leads by phone number', 'Update an opportunity']));
	});

	it('gives a node added from an action a readable name (n8n-workflow makeNodeName)', () => {
		expect(NodeHelpers.makeNodeName({ resource: 'Leads', operation: 'create' }, description)).toBe('Create a lead');
		expect(NodeHelpers.makeNodeName({ resource: 'AOS_Invoices', operation: 'getAll' }, description)).toBe('Get many invoices');
		expect(NodeHelpers.makeNodeName({ resource: 'Accounts', operation: 'searchByNumber' }, description)).toBe('Search accounts by phone number');
	});
});
