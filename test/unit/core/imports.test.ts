/**
 * The package's layering, checked on the real import graph:
 *   nodes/core                 → nodes/core only: no n8n glue, no node, no credential, no n8n UI type
 *   nodes/n8n                  → nodes/core and itself (the n8n adapters both nodes share)
 *   nodes/SarvCrmTrigger, nodes/SarvCrmRecordsTrigger → nodes/core, nodes/n8n and each other
 *   credentials                → nodes/core and nodes/n8n only
 *   nodes/SarvCrm              → nodes/core, nodes/n8n and itself; nothing else imports it
 * and packages: n8n-workflow (types and error classes) and Node builtins only (the
 * published package has no runtime dependencies).
 */
import { readdirSync, readFileSync, existsSync } from 'fs';
import { builtinModules } from 'module';
import { dirname, join, posix, relative, sep } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

type Area = 'core' | 'n8n' | 'sarvCrm' | 'trigger' | 'credentials' | 'outside';

function areaOf(path: string): Area {
	if (path.startsWith('nodes/n8n/')) return 'n8n';
	if (path.startsWith('nodes/core/')) return 'core';
	if (path.startsWith('nodes/SarvCrm/')) return 'sarvCrm';
	if (path.startsWith('nodes/SarvCrmTrigger/') || path.startsWith('nodes/SarvCrmRecordsTrigger/')) return 'trigger';
	if (path.startsWith('credentials/')) return 'credentials';
	return 'outside';
}

/** Which areas each area may import from. */
const ALLOWED: Record<Exclude<Area, 'outside'>, Area[]> = {
	core: ['core'],
	n8n: ['core', 'n8n'],
	trigger: ['core', 'n8n', 'trigger'],
	credentials: ['core', 'n8n'],
	sarvCrm: ['core', 'n8n', 'sarvCrm'],
};

/** What the core may take from n8n-workflow: plain data, HTTP request and error types. */
const CORE_N8N_NAMES = new Set(['IDataObject', 'IHttpRequestMethods', 'IHttpRequestOptions', 'ExecutionBaseError', 'IBinaryData']);

const PACKAGES = new Set(['n8n-workflow', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every module specifier of a TypeScript source: static, type-only, re-export, dynamic, require. */
function importSpecifiers(source: string): string[] {
	return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The repo-relative (posix) path a relative specifier names, or the package name as it is. */
function target(from: string, specifier: string): { path?: string; pkg?: string } {
	if (!specifier.startsWith('.')) return { pkg: specifier };
	return { path: posix.normalize(posix.join(posix.dirname(from), specifier)) };
}

/** Why an import edge breaks the layering, or undefined when it is allowed. Pure. */
function edgeViolation(from: string, specifier: string): string | undefined {
	const fromArea = areaOf(from);
	if (fromArea === 'outside') return undefined;
	const { path, pkg } = target(from, specifier);
	if (pkg !== undefined) {
		const name = pkg.startsWith('@') ? pkg.split('/').slice(0, 2).join('/') : pkg.split('/')[0];
		return PACKAGES.has(name) ? undefined : `${from} imports the package "${pkg}" (only n8n-workflow and Node builtins)`;
	}
	const toArea = areaOf(path!);
	return ALLOWED[fromArea].includes(toArea) ? undefined : `${from} (${fromArea}) imports ${path} (${toArea})`;
}

function tsFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return tsFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

const FILES = [...tsFiles('nodes'), ...tsFiles('credentials')];
const EDGES = FILES.flatMap((from) => importSpecifiers(readFileSync(join(ROOT, from), 'utf8')).map((specifier) => ({ from, specifier })));

describe('import graph of nodes/ and credentials/', () => {
	it('is really read: every area has files and imports', () => {
		const count = (area: Area) => FILES.filter((f) => areaOf(f) === area).length;
		expect(count('core')).toBeGreaterThanOrEqual(15);
		expect(count('n8n')).toBeGreaterThanOrEqual(3);
		expect(count('sarvCrm')).toBeGreaterThanOrEqual(1);
		expect(count('trigger')).toBeGreaterThanOrEqual(1);
		expect(count('credentials')).toBeGreaterThanOrEqual(1);
		expect(EDGES.length).toBeGreaterThan(50);
		expect(EDGES.some((e) => areaOf(e.from) === 'trigger' && e.specifier.includes('core/'))).toBe(true);
	});

	it('every relative import names an existing file (so the paths checked are the real ones)', () => {
		const missing = EDGES.filter((e) => e.specifier.startsWith('.'))
			.map((e) => target(e.from, e.specifier).path!)
			.filter((p) => !['.ts', '.json', '/index.ts'].some((ext) => existsSync(join(ROOT, `${p}${ext}`))) && !existsSync(join(ROOT, p)));
		expect(missing).toEqual([]);
	});

	it('no edge breaks the layering', () => {
		const broken = EDGES.map((e) => edgeViolation(e.from, e.specifier)).filter(Boolean);
		expect(broken).toEqual([]);
	});

	it('the core takes from n8n-workflow only data, request and error types, no UI', () => {
		const named = (source: string) =>
			[...source.matchAll(/import(?: type)? \{([^}]*)\} from 'n8n-workflow'/g)].flatMap((m) =>
				m[1].split(',').map((n) => n.replace(/^\s*type\s+/, '').trim()),
			);
		const ui = FILES.filter((f) => areaOf(f) === 'core').flatMap((f) =>
			named(readFileSync(join(ROOT, f), 'utf8'))
				.filter((name) => name && !CORE_N8N_NAMES.has(name))
				.map((name) => `${f}: ${name}`),
		);
		expect(ui).toEqual([]);
	});

	it('nothing outside nodes/SarvCrm imports from it', () => {
		const intoNode = EDGES.filter(
			(e) => areaOf(e.from) !== 'sarvCrm' && e.specifier.startsWith('.') && areaOf(target(e.from, e.specifier).path!) === 'sarvCrm',
		);
		expect(intoNode).toEqual([]);
	});

	it('the files scanned are the repository files (paths are posix and repo-relative)', () => {
		expect(FILES).toContain('nodes/core/failure.ts');
		expect(FILES).toContain('credentials/SarvCrmApi.credentials.ts');
		expect(relative(ROOT, join(ROOT, FILES[0])).split(sep).join('/')).toBe(FILES[0]);
		expect(dirname(FILES[0])).not.toBe('.');
	});
});

describe('the checker can fail (synthetic edges)', () => {
	it('finds every kind of import specifier', () => {
		const source = [
			"import { a } from './a';",
			"import type { B } from '../b';",
			"import {\n\tc,\n\td,\n} from './cd';",
			"export * from './e';",
			"export { f } from './f';",
			"import './side-effect';",
			"const g = await import('./g');",
			"const h = require('./h');",
			"// import { x } from './commented';",
		].join('\n');
		expect(importSpecifiers(source).sort()).toEqual(['../b', './a', './cd', './e', './f', './g', './h', './side-effect'].sort());
	});

	it.each([
		['nodes/core/paging.ts', '../n8n/nodeErrors'],
		['nodes/core/paging.ts', '../SarvCrm/input'],
		['nodes/core/paging.ts', '../SarvCrmTrigger/SarvCrmTrigger.node'],
		['nodes/core/login.ts', '../../credentials/SarvCrmApi.credentials'],
		['nodes/n8n/openSarv.ts', '../SarvCrm/operation'],
		['nodes/n8n/openSarv.ts', '../../credentials/SarvCrmApi.credentials'],
		['nodes/SarvCrmTrigger/SarvCrmTrigger.node.ts', '../SarvCrm/operation'],
		['nodes/SarvCrmTrigger/SarvCrmTrigger.node.ts', '../../credentials/SarvCrmApi.credentials'],
		['nodes/SarvCrmRecordsTrigger/SarvCrmRecordsTrigger.node.ts', '../SarvCrm/operation'],
		['credentials/SarvCrmApi.credentials.ts', '../nodes/SarvCrm/operation'],
		['credentials/SarvCrmApi.credentials.ts', '../nodes/SarvCrmTrigger/SarvCrmTrigger.node'],
		['nodes/SarvCrm/SarvCrm.node.ts', '../SarvCrmTrigger/SarvCrmTrigger.node'],
		['nodes/core/paging.ts', '../../test/sandbox/api'],
		['nodes/core/paging.ts', 'axios'],
		['nodes/n8n/openSarv.ts', 'n8n-core'],
		['nodes/SarvCrm/SarvCrm.node.ts', '@n8n/di'],
	])('%s → %s is refused', (from, specifier) => {
		expect(edgeViolation(from, specifier)).toEqual(expect.any(String));
	});

	it.each([
		['nodes/core/paging.ts', './cache'],
		['nodes/core/paging.ts', 'n8n-workflow'],
		['nodes/core/login.ts', 'crypto'],
		['nodes/core/login.ts', 'node:crypto'],
		['nodes/n8n/nodeErrors.ts', '../core/errors'],
		['nodes/n8n/openSarv.ts', './sessionSender'],
		['nodes/SarvCrmTrigger/SarvCrmTrigger.node.ts', '../n8n/openSarv'],
		['nodes/SarvCrmRecordsTrigger/SarvCrmRecordsTrigger.node.ts', '../SarvCrmTrigger/SarvCrmTrigger.node'],
		['credentials/SarvCrmApi.credentials.ts', '../nodes/core/session'],
		['nodes/SarvCrm/operations/create.ts', '../operation'],
		['nodes/SarvCrm/SarvCrm.node.ts', '../core/recordQuery'],
	])('%s → %s is allowed', (from, specifier) => {
		expect(edgeViolation(from, specifier)).toBeUndefined();
	});
});
