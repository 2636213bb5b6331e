/**
 * The file operations under every service2 answer the evidence allows: the form encoding
 * only (SuiteCRM's), a JSON body only (SarvCRM's customised service2), both, and none.
 */
import type { IBinaryData } from 'n8n-workflow';

import { harnessFileBytes, type HarnessFile } from '../../harness';
import type { SandboxProfile } from '../../sandbox';
import { label, profileHarness, underProfile, eachVersion } from './helpers';

const harness = profileHarness();
const FILE: HarnessFile = { fileName: 'receipt.pdf', size: 120_000, seed: 5 };

eachVersion(() => {
	describe.each((['form', 'json', 'both'] as const).map((encoding) => [label({ service2: encoding }), encoding] as const))(
		'%s',
		(_profile, encoding) => {
			underProfile(harness, { service2: encoding } as Partial<SandboxProfile>);

			it('a note file and a document revision round-trip byte for byte', async () => {
				const h = harness();
				for (const module of ['Notes', 'Documents']) {
					const up = await h.runNode({ resource: module, operation: 'uploadFile', fileTarget: 'new', title: `Receipt ${encoding}` }, [
						{ $binary: { data: FILE } },
					]);
					const id = String(up.assertSuccess().json()[0].id);
					const [item] = (await h.runNode({ resource: module, operation: 'downloadFile', recordId: id })).assertSuccess().items();
					expect(Buffer.from((item.binary!.data as IBinaryData).data, 'base64').equals(harnessFileBytes(FILE))).toBe(true);
					expect(item.json.fileName).toBe('receipt.pdf');
				}
			});
		},
	);

	describe(label({ service2: 'absent' }), () => {
		underProfile(harness, { service2: 'absent' });

		it('the file operations fail with the clear error; Get Many is unaffected', async () => {
			const h = harness();
			const result = await h.runNode({ resource: 'Notes', operation: 'uploadFile', fileTarget: 'new', title: 'X' }, [
				{ $binary: { data: FILE } },
			]);
			expect(`${result.error?.message}`).toMatch(/service2/);
			expect((await h.runNode({ resource: 'Notes', operation: 'getAll', limit: 2 })).assertSuccess().json().length).toBeGreaterThan(0);
		});
	});
});
