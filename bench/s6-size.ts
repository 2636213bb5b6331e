/**
 * 6. Size: JSON of the node's and the trigger's `description`, and dist/. The 40 modules
 * share one set of field properties (displayOptions), so only the module dropdown, the
 * per-module Operation property (the nodes panel's actions, see descriptions/actions.ts) and
 * the module names other parameters list (the subtitle's names, Upload File's Related Module)
 * grow with the module table: compared with the same build cut to 1 module.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { rows, type Scenario } from './lib';

const NAME = '6. Size';
const ROOT = path.resolve(__dirname, '..');

interface Measure {
	bytes: number;
	topLevel: number;
	parameters: number;
	resourceOptionsBytes: number;
	moduleListBytes: number;
	operationProperties: number;
	operationBytes: number;
}
interface Probe {
	modules: number;
	node: Measure;
	trigger: Measure;
}

function probe(modules?: number): Probe {
	const args = ['-r', path.join(__dirname, 'register.js'), path.join(__dirname, 'size-probe.ts')];
	if (modules !== undefined) args.push('--modules', String(modules));
	return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })) as Probe;
}

function folderSize(folder: string): { bytes: number; files: number } {
	let bytes = 0;
	let files = 0;
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) {
			const sub = folderSize(full);
			bytes += sub.bytes;
			files += sub.files;
		} else {
			bytes += statSync(full).size;
			files += 1;
		}
	}
	return { bytes, files };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const sizeScenario: Scenario = {
	id: 'size',
	title: NAME,
	async run() {
		const r = rows(NAME);
		const all = probe();
		const one = probe(1);
		for (const [label, key] of [
			['node', 'node'],
			['trigger', 'trigger'],
		] as const) {
			const a = all[key];
			const b = one[key];
			r.info(`${label} description JSON (${all.modules} modules)`, `${a.bytes} B (${kb(a.bytes)})`);
			r.info(`${label} description JSON (1-module build)`, `${b.bytes} B (${kb(b.bytes)})`);
			const extraOperations = a.operationProperties - b.operationProperties;
			r.check(
				`${label} parameters, ${all.modules} modules vs 1 module`,
				`${a.parameters} vs ${b.parameters} (${a.topLevel} vs ${b.topLevel} top-level)`,
				`equal apart from one Operation property per module (+${extraOperations})`,
				a.parameters - b.parameters === extraOperations && a.topLevel - b.topLevel === extraOperations,
			);
			const growth = a.bytes - b.bytes;
			const dropdown = a.resourceOptionsBytes - b.resourceOptionsBytes;
			const operations = a.operationBytes - b.operationBytes;
			const names = a.moduleListBytes - b.moduleListBytes;
			r.check(
				`${label} description growth from ${all.modules - 1} more modules`,
				`${growth} B (${(growth / (all.modules - 1)).toFixed(0)} B per module)`,
				`= module dropdown entries (${dropdown} B) + Operation properties (${operations} B) + module names in the subtitle and module lists (${names} B)`,
				growth === dropdown + operations + names,
			);
		}
		const dist = folderSize(path.join(ROOT, 'dist'));
		r.info('dist/ size', `${kb(dist.bytes)} in ${dist.files} files`);
		return r.list;
	},
};
