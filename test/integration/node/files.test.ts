/**
 * Files on Notes and Documents, through service2, as n8n binary data: what a workflow that
 * files an invoice PDF or a signed contract does, run in n8n's engine against the sandbox.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { harnessFileBytes, startHarness, type Harness, type HarnessFile } from '../../harness';
import { DEFAULT_PROFILE } from '../../sandbox';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());
afterEach(() => h.sandbox.setProfile({ ...DEFAULT_PROFILE }));

const PDF: HarnessFile = { fileName: 'invoice-1403.pdf', mimeType: 'application/pdf', size: 200_000, seed: 7 };
const withFile = (file: HarnessFile, json: IDataObject = {}) => [{ ...json, $binary: { data: file } }];
/** The bytes of an output item's binary data (n8n's default mode keeps them base64 in the item). */
const bytesOf = (item: INodeExecutionData, property = 'data') => Buffer.from((item.binary![property] as IBinaryData).data, 'base64');
const s2 = (method: string) => h.sandbox.log.filter((e) => e.method === `service2.${method}`).length;

describe('Notes', () => {
	it('Upload File attaches the binary to a note; Download File gives it back byte for byte, with name and type', async () => {
		const note = String(h.sandbox.insert('Notes', { name: 'Invoice' }).id);
		const up = await h.runNode({ resource: 'Notes', operation: 'uploadFile', recordId: note }, withFile(PDF));
		expect(up.assertSuccess().json()).toEqual([
			{ id: note, fileName: 'invoice-1403.pdf', fileSize: 200_000, mimeType: 'application/pdf', created: false },
		]);
		// v5 sees it too
		expect(h.sandbox.getRecord('Notes', note)).toMatchObject({ filename: 'invoice-1403.pdf', file_mime_type: 'application/pdf' });

		const down = (await h.runNode({ resource: 'Notes', operation: 'downloadFile', recordId: note })).assertSuccess();
		const [item] = down.items();
		expect(item.json).toEqual({ id: note, fileName: 'invoice-1403.pdf', fileSize: 200_000, mimeType: 'application/pdf' });
		expect(item.binary!.data).toMatchObject({ fileName: 'invoice-1403.pdf', mimeType: 'application/pdf' });
		expect(bytesOf(item).equals(harnessFileBytes(PDF))).toBe(true);
		// The file never rides in the item's JSON.
		expect(JSON.stringify(item.json).length).toBeLessThan(300);
	});

	it('A New Record: the note is created with its file in one step, related to a lead', async () => {
		const lead = String(h.sandbox.insert('Leads', { last_name: 'Karimi', status: 'New' }).id);
		const result = await h.runNode(
			{
				resource: 'Notes',
				operation: 'uploadFile',
				fileTarget: 'new',
				title: '={{ $json.subject }}',
				options: { relatedModule: 'Leads', relatedRecordId: lead },
			},
			withFile({ fileName: 'contract.txt', text: 'signed' }, { subject: 'Signed contract' }),
		);
		const [out] = result.assertSuccess().json();
		expect(out).toMatchObject({ fileName: 'contract.txt', fileSize: 6, created: true });
		expect(h.sandbox.getRecord('Notes', String(out.id))).toMatchObject({
			name: 'Signed contract',
			parent_type: 'Leads',
			parent_id: lead,
			filename: 'contract.txt',
		});
	});

	it('a file over the server limit: code 16 with the size, and no note is left behind', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, uploadLimit: 1_000_000 });
		const before = h.sandbox.records('Notes').length;
		const big = { fileName: 'scan.pdf', size: 1_500_000, seed: 3 };
		const result = await h.runNode({ resource: 'Notes', operation: 'uploadFile', fileTarget: 'new', title: 'Scan' }, withFile(big));
		expect(result.status).toBe('error');
		const description = String((result.error as { description?: string }).description);
		expect(description).toContain('SarvCRM error code 16');
		expect(`${result.error?.message} ${description}`).toMatch(/1[.,]?5\d* ?MB|1500000|1,500,000/);
		expect(description).toContain('deleted again');
		expect(h.sandbox.records('Notes')).toHaveLength(before);
	});

	it('a failed upload whose delete fails too: the error says the note is still there, with its id', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, uploadLimit: 1_000_000 });
		const before = new Set(h.sandbox.records('Notes').map((n) => n.id));
		// The create's Save passes (a zero delay); the delete that follows the failed upload is refused.
		h.sandbox.failNext(1, { type: 'delay', ms: 0 }, 'Save');
		h.sandbox.failNext(1, { type: 'status', status: 400, body: { status: 400, message: 'Delete refused', data: [] } }, 'Save');
		const big = { fileName: 'scan.pdf', size: 1_500_000, seed: 3 };
		const result = await h.runNode({ resource: 'Notes', operation: 'uploadFile', fileTarget: 'new', title: 'Kept' }, withFile(big));
		expect(result.status).toBe('error');
		const description = String((result.error as { description?: string }).description);
		expect(description).not.toContain('deleted again');
		expect(description).toMatch(/could not be deleted and is still in SarvCRM/);
		const id = /\(id ([0-9a-f-]{36})\)/.exec(description)?.[1];
		expect(before.has(id)).toBe(false);
		expect(h.sandbox.getRecord('Notes', String(id))).toMatchObject({ name: 'Kept' });
	});

	it('a note without a file: Download File fails with code 21', async () => {
		const note = String(h.sandbox.insert('Notes', { name: 'Empty' }).id);
		const result = await h.runNode({ resource: 'Notes', operation: 'downloadFile', recordId: note });
		expect(result.status).toBe('error');
		expect(String((result.error as { description?: string }).description)).toContain('SarvCRM error code 21');
	});

	it('no binary field: the item fails before any call, naming the field', async () => {
		h.sandbox.clearLog();
		const note = String(h.sandbox.insert('Notes', { name: 'N' }).id);
		const result = await h.runNode(
			{ resource: 'Notes', operation: 'uploadFile', recordId: note, binaryPropertyName: 'attachment' },
			withFile(PDF),
		);
		expect(result.error?.message).toBe('The item has no binary field "attachment"');
		expect(h.sandbox.log.filter((e) => e.method !== 'GetModuleFields')).toEqual([]);
	});
});

describe('Documents', () => {
	it('a new document with its first revision, a second revision, then the latest and a given one back', async () => {
		const first = { fileName: 'terms-v1.pdf', size: 50_000, seed: 11 };
		const second = { fileName: 'terms-v2.pdf', size: 60_000, seed: 12 };
		const created = (
			await h.runNode({ resource: 'Documents', operation: 'uploadFile', fileTarget: 'new', title: 'Terms' }, withFile(first))
		)
			.assertSuccess()
			.json()[0];
		expect(created).toMatchObject({ created: true, revision: '1', fileName: 'terms-v1.pdf' });
		const doc = String(created.id);
		const again = (await h.runNode({ resource: 'Documents', operation: 'uploadFile', recordId: doc }, withFile(second)))
			.assertSuccess()
			.json()[0];
		expect(again).toMatchObject({ id: doc, created: false, revision: '2' });

		const latest = (await h.runNode({ resource: 'Documents', operation: 'downloadFile', recordId: doc })).assertSuccess().items()[0];
		expect(latest.json).toMatchObject({ id: doc, fileName: 'terms-v2.pdf', revisionId: again.revisionId, revision: '2' });
		expect(bytesOf(latest).equals(harnessFileBytes(second))).toBe(true);

		const given = { resource: 'Documents', operation: 'downloadFile', recordId: doc, options: { revisionId: String(created.revisionId) } };
		const old = (await h.runNode(given)).assertSuccess().items()[0];
		expect(bytesOf(old).equals(harnessFileBytes(first))).toBe(true);
		expect(h.sandbox.service2.revisionsOf(doc).map((r) => r.revision)).toEqual(['1', '2']);
	});
});

describe('service2 sessions and servers', () => {
	it('many items share one service2 login; an expired session costs one more login', async () => {
		h.sandbox.clearLog();
		const notes = [1, 2, 3, 4, 5].map((i) => String(h.sandbox.insert('Notes', { name: `N${i}` }).id));
		const items = notes.map((id, i) => ({ id, $binary: { data: { fileName: `f${i}.txt`, text: `file ${i}` } } }));
		(await h.runNode({ resource: 'Notes', operation: 'uploadFile', recordId: '={{ $json.id }}' }, items)).assertSuccess();
		const logins = s2('login');
		expect(logins).toBeLessThanOrEqual(1);
		h.sandbox.service2.expireSessions();
		(
			await h.runNode(
				{ resource: 'Notes', operation: 'downloadFile', recordId: '={{ $json.id }}' },
				notes.map((id) => ({ id })),
			)
		).assertSuccess();
		expect(s2('login') - logins).toBe(1);
	});

	it('a server without service2: one clear error naming the address and the probe; v5 operations are unaffected', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' });
		const note = String(h.sandbox.insert('Notes', { name: 'N' }).id);
		const before = h.sandbox.records('Notes').length;
		const result = await h.runNode({ resource: 'Notes', operation: 'uploadFile', fileTarget: 'new', title: 'X' }, withFile(PDF));
		expect(result.status).toBe('error');
		const text = `${result.error?.message} ${String((result.error as { description?: string }).description)}`;
		expect(text).toContain('/service2/v4_1/rest.php');
		expect(text).toMatch(/probe/);
		expect(h.sandbox.records('Notes')).toHaveLength(before);
		expect((await h.runNode({ resource: 'Notes', operation: 'get', recordId: note })).assertSuccess().json()[0]).toMatchObject({
			id: note,
		});
	});
});
