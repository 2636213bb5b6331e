/**
 * The e2e suite's cached n8n with this package packed and installed into a fresh user folder,
 * for the scenarios that measure a real n8n (7 and 11). Skipped, with one info row, when that
 * n8n is not installed; the folder and the tarball are removed afterwards, whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { n8n, type Flavour } from '../test/e2e/helpers';
import type { rows } from './lib';

export async function withInstalledN8n(
	r: ReturnType<typeof rows>,
	folderPrefix: string,
	body: (f: Flavour, userFolder: string) => Promise<void>,
): Promise<void> {
	const f = n8n.flavour(process.env.E2E_N8N || '1');
	if (!n8n.isInstalled(f)) {
		r.info(`n8n ${f.version}`, 'skipped (run npm run test:e2e or npm start once to install n8n)');
		return;
	}
	const userFolder = mkdtempSync(path.join(os.tmpdir(), folderPrefix));
	const pack = n8n.packPackage();
	try {
		n8n.installIntoUserFolder(userFolder, pack);
		await body(f, userFolder);
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
		rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	}
}
