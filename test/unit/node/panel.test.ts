/**
 * What a newcomer meets in n8n's editor, computed from the built description the way the editor
 * computes it: the nodes panel's search, each module's actions, the options shown in the NDV and
 * the canvas subtitle.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
	type INodeTypes,
} from 'n8n-workflow';

import { SARV_MODULES } from '../../../nodes/core/modules';
import { SarvCrm } from '../../../nodes/SarvCrm/SarvCrm.node';

const description = new SarvCrm().description;
const codex = JSON.parse(readFileSync(join(__dirname, '../../../nodes/SarvCrm/SarvCrm.node.json'), 'utf8')) as { alias?: string[] };

/**
 * The nodes panel's search (n8n editor-ui, sublimeSearch with the keys `properties.displayName`
 * and `properties.codex.alias`, the same in 1.123 and 2.41; `searchNodes` drops a trailing
 * "trigger" first): a node is listed when the typed text, spaces included, is a case-insensitive
 * subsequence of its display name or of one alias (fuzzyMatchSimple, then the scoring match, which
 * matches whenever it does). The score only orders the hits. Actions are not searched here: they
 * show once the node is opened.
 */
function isSubsequence(typed: string, text: string): boolean {
	let i = 0;
	for (const ch of text.toLowerCase()) if (i < typed.length && ch === typed[i].toLowerCase()) i++;
	return typed.length > 0 && text.length > 0 && i === typed.length;
}
const panelFinds = (typed: string, node: { displayName: string; alias?: string[] }) =>
	[node.displayName, ...(node.alias ?? [])].some((text) => isSubsequence(typed, text));

/** The panel's actions of a module: the options of the Operation property shown for that resource. */
function actionsOf(moduleKey: string): string[] {
	const picker = description.properties.find(
		(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(moduleKey),
	)!;
	return (picker.options as INodePropertyOptions[]).map((o) => o.action!);
}

/** The node as the editor holds it, at the default version, with these parameters. */
function panelNode(parameters: INode['parameters']): INode {
	return {
		id: '1',
		name: 'SarvCRM',
		type: 'n8n-nodes-sarvcrm.sarvCrm',
		typeVersion: description.defaultVersion!,
		position: [0, 0],
		parameters,
	};
}

/** The entries the NDV's Options collection offers for a resource and operation (n8n's displayParameterPath). */
function optionsShown(resource: string, operation: string): string[] {
	const node = panelNode({ resource, operation, options: {} });
	const collections = description.properties.filter(
		(p) => p.name === 'options' && NodeHelpers.displayParameterPath({ parameters: node.parameters }, p, 'parameters', node, description),
	);
	expect(collections).toHaveLength(1);
	return (collections[0].options as INodeProperties[])
		.filter((o) => NodeHelpers.displayParameterPath({ parameters: node.parameters }, o, 'parameters.options', node, description))
		.map((o) => o.displayName);
}

describe('the nodes panel search (node name and codex aliases, as the editor matches them)', () => {
	const node = { displayName: description.displayName, alias: codex.alias };

	it.each(['upload file', 'download file', 'note', 'notes', 'attachment', 'document', 'files', 'sarv', 'create lead', 'phone lookup'])(
		'"%s" finds SarvCRM',
		(typed) => {
			expect(panelFinds(typed, node)).toBe(true);
		},
	);

	it('the node name alone would not find the file words (why the aliases are there)', () => {
		for (const typed of ['upload file', 'download file', 'note'])
			expect(panelFinds(typed, { displayName: description.displayName })).toBe(false);
	});

	it('does not claim what the node is not', () => {
		for (const typed of ['slack', 'spreadsheet', 'postgres']) expect(panelFinds(typed, node)).toBe(false);
	});
});

describe("the panel's actions per module", () => {
	it('offers phone search only on modules whose records hold phone numbers', () => {
		const withPhoneSearch = SARV_MODULES.filter((m) => actionsOf(m.key).includes(`Search ${m.plural} by phone number`)).map((m) => m.key);
		expect(withPhoneSearch.sort()).toEqual(
			['Accounts', 'Branches', 'Contacts', 'Leads', 'Service_Centers', 'Vendors', 'sc_competitor'].sort(),
		);
		expect(actionsOf('Notes')).not.toContain('Search notes by phone number');
		expect(actionsOf('AOS_PDF_Templates')).not.toContain('Search PDF templates by phone number');
		expect(actionsOf('Leads')).toContain('Search leads by phone number');
	});

	it('offers the file actions on notes and documents only', () => {
		expect(actionsOf('Notes')).toEqual(expect.arrayContaining(['Upload a file to a note', 'Download the file of a note']));
		expect(actionsOf('Documents')).toEqual(expect.arrayContaining(['Upload a file to a document', 'Download the file of a document']));
		expect(actionsOf('Leads').filter((a) => /file/i.test(a))).toEqual([]);
	});
});

describe('the file options shown in the NDV', () => {
	it('a note: Related Module and Related Record ID, no Revision', () => {
		const shown = optionsShown('Notes', 'uploadFile');
		expect(shown).toEqual(expect.arrayContaining(['File Name', 'Related Module', 'Related Record ID']));
		expect(shown).not.toContain('Revision');
		expect(optionsShown('Notes', 'downloadFile')).not.toContain('Revision ID');
	});

	it('a document: Revision, no Related Module', () => {
		const shown = optionsShown('Documents', 'uploadFile');
		expect(shown).toEqual(expect.arrayContaining(['File Name', 'Revision']));
		expect(shown).not.toEqual(expect.arrayContaining(['Related Module']));
		expect(shown).not.toContain('Related Record ID');
		expect(optionsShown('Documents', 'downloadFile')).toContain('Revision ID');
	});

	it('Related Module is a list of the modules, not free text', () => {
		const collection = description.properties.filter((p) => p.name === 'options').at(-1)!;
		const related = (collection.options as INodeProperties[]).find((o) => o.name === 'relatedModule')!;
		expect(related.type).toBe('options');
		const values = (related.options as INodePropertyOptions[]).map((o) => o.value);
		expect(values).toEqual(expect.arrayContaining(['Leads', 'Accounts', 'Contacts', 'Opportunities']));
		expect(values).toHaveLength(SARV_MODULES.length - 1); // every module but Notes itself
		expect(values).toContain(related.default);
	});
});

describe('the canvas subtitle (evaluated as n8n evaluates it)', () => {
	const nodeTypes: INodeTypes = {
		getByName: () => new SarvCrm(),
		getByNameAndVersion: () => new SarvCrm(),
		getKnownTypes: () => ({}),
	};

	function subtitle(parameters: Record<string, string>): unknown {
		const node = panelNode(parameters);
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, (description as INodeTypeDescription).subtitle!, 'internal', {});
	}

	it.each([
		[{ resource: 'Leads', operation: 'getAll' }, 'Get Many: Leads'],
		[{ resource: 'Notes', operation: 'uploadFile' }, 'Upload File: Notes'],
		[{ resource: 'AOS_Contracts', operation: 'upsert' }, 'Create or Update: Sales Contract'],
		[{ resource: 'Accounts', operation: 'searchByNumber' }, 'Search by Phone Number: Accounts'],
	])('%j reads "%s"', (parameters, expected) => {
		expect(subtitle(parameters)).toBe(expected);
	});

	it('shows a value it does not know as it is', () => {
		expect(subtitle({ resource: 'Leads', operation: 'somethingOld' })).toBe('somethingOld: Leads');
	});
});
