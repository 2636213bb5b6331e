/**
 * "An operation is one file and one line": a test-only operation, written whole in this file
 * and added to the operations list (the one line, by mocking the list module), appears in the
 * picker of every module it applies to, runs through the runner in n8n's engine, and reports
 * errors with its own context. No product file is touched for it.
 */
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { SarvInputError } from '../../../nodes/core/errors';
import type { SarvOperation } from '../../../nodes/SarvCrm/operation';
import { startHarness, type Harness } from '../../harness';

/** Echoes a note, after reading the module's fields (a real call); "bad" is bad input. */
const mockEcho: SarvOperation<{ note: string }> = {
	value: 'echoNote',
	name: 'Echo Note',
	description: 'Test only: echoes the note',
	action: (m) => `Echo a note on ${m.a} ${m.singular}`,
	properties: [{ displayName: 'Note', name: 'note', type: 'string', default: '' }],
	writes: true,
	read(item) {
		const note = String(item.param('note', ''));
		if (note === 'bad') throw new SarvInputError('Note "bad" is refused', 'note', 'Write another note.');
		return { note };
	},
	async run(item, { note }) {
		if (note === 'missing') await item.client.request({ method: 'Retrieve', httpMethod: 'GET', module: item.module.key, id: 'no-such-id' });
		mockRuns.push(note);
		const fields = await item.fields.fields(item.module.key);
		return [{ module: item.module.key, note, fieldCount: fields.length }];
	},
};

/** Only on Notes: an operation may belong to some modules. */
const mockNotesOnly: SarvOperation<void> = {
	value: 'notesOnly',
	name: 'Notes Only',
	description: 'Test only',
	action: () => 'Do a notes-only thing',
	appliesTo: (m) => m.key === 'Notes',
	read: () => undefined,
	run: async () => [{ ok: true }],
};

const mockRuns: string[] = [];

// The one line.
jest.mock('../../../nodes/SarvCrm/operations', () => ({
	OPERATIONS: [...jest.requireActual('../../../nodes/SarvCrm/operations').OPERATIONS, mockEcho, mockNotesOnly],
}));

let h: Harness;
let node: INodeType;

beforeAll(async () => {
	h = await startHarness();
	// The node built from the sources (where the list above is mocked), under the package's type name.
	const { SarvCrm } = jest.requireActual('../../../nodes/SarvCrm/SarvCrm.node') as { SarvCrm: new () => INodeType };
	node = new SarvCrm();
	h.loaded.nodeTypes.add(h.nodeType, node);
});
afterAll(async () => await h?.close());
beforeEach(() => (mockRuns.length = 0));

const pickers = () => node.description.properties.filter((p): p is INodeProperties => p.name === 'operation');
const optionsOf = (p: INodeProperties) => (p.options ?? []) as INodePropertyOptions[];

describe('an operation added in one file and one line', () => {
	it('appears in the Operation picker of every module, with its action', () => {
		expect(pickers()).toHaveLength(40);
		for (const picker of pickers()) {
			const [module] = picker.displayOptions!.show!.resource as string[];
			expect(optionsOf(picker).find((o) => o.value === 'echoNote')).toMatchObject({
				name: 'Echo Note',
				action: expect.stringMatching(/^Echo a note on an? /),
			});
			expect(optionsOf(picker).some((o) => o.value === 'notesOnly')).toBe(module === 'Notes');
		}
	});

	it('its parameter shows for it alone', () => {
		const note = node.description.properties.find((p) => p.name === 'note');
		expect(note?.displayOptions?.show?.operation).toEqual(['echoNote']);
	});

	it('runs through the runner in n8n: one output per item, paired, a real call made', async () => {
		const result = await h.runNode({ resource: 'Leads', operation: 'echoNote', note: '={{ $json.n }}' }, [{ n: 'a' }, { n: 'b' }]);
		const items = result.assertSuccess().items();
		expect(items.map((i) => [i.json.note, i.json.module, i.pairedItem])).toEqual([
			['a', 'Leads', { item: 0 }],
			['b', 'Leads', { item: 1 }],
		]);
		expect(Number(items[0].json.fieldCount)).toBeGreaterThan(5);
		expect(h.sandbox.calls('GetModuleFields')).toBeGreaterThanOrEqual(1);
	});

	it('bad input: declared as writing, the run fails with that item before any item runs', async () => {
		const result = await h.runNode({ resource: 'Leads', operation: 'echoNote', note: '={{ $json.n }}' }, [
			{ n: 'a' },
			{ n: 'bad' },
			{ n: 'c' },
		]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Note "bad" is refused');
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(mockRuns).toEqual([]);
	});

	it('with Continue On Fail the bad item is an error item and the others run', async () => {
		const result = await h.runNode(
			{ resource: 'Leads', operation: 'echoNote', note: '={{ $json.n }}' },
			[{ n: 'a' }, { n: 'bad' }, { n: 'c' }],
			{ continueOnFail: true },
		);
		expect(result.assertSuccess().itemErrors()).toEqual([{ index: 1, error: 'Note "bad" is refused' }]);
		expect(mockRuns.sort()).toEqual(['a', 'c']);
	});

	it("a server error names the operation's own value, module and record", async () => {
		const result = await h.runNode({ resource: 'Leads', operation: 'echoNote', note: 'missing' });
		expect(result.status).toBe('error');
		const description = String((result.error as { description?: string }).description);
		expect(description).toContain('operation "echoNote"');
		expect(description).toContain('module Leads');
		expect(description).toContain('record no-such-id');
	});

	it('an operation of some modules refuses the others by name', async () => {
		expect((await h.runNode({ resource: 'Notes', operation: 'notesOnly' })).assertSuccess().json()).toEqual([{ ok: true }]);
		const elsewhere = await h.runNode({ resource: '={{ "Leads" }}', operation: 'notesOnly' });
		expect(elsewhere.error?.message).toBe('"Notes Only" is not an operation of Leads');
	});
});
