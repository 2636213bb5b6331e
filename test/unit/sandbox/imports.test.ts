/**
 * The sandbox models SarvCRM on its own: no file under test/sandbox/ imports the node
 * (nodes/, credentials/, the built dist/ or the package by name), checked on the real
 * import graph, so the node is never tested against its own tables.
 */
import { readdirSync, readFileSync, existsSync } from 'fs';
import { join, posix } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
const PACKAGE_NAME = String(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name);

function tsFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return tsFiles(path);
		return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
	});
}

/** Every specifier of a source: static, type-only, re-export, dynamic import, require. */
const specifiers = (source: string) => ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);

const NODE_AREAS = ['nodes', 'credentials', 'dist'];

/** The file a relative specifier names (repo-relative, posix), or undefined when none exists. */
function resolveFile(from: string, specifier: string): string | undefined {
	const path = posix.normalize(posix.join(posix.dirname(from), specifier));
	return [path, `${path}.ts`, `${path}.js`, `${path}/index.ts`].find((p) => existsSync(join(ROOT, p)) && /\.(ts|js)$/.test(p));
}

/** Why one import reaches the node, or undefined: a path into the node's areas, or the package by name. Pure. */
function reachesNode(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) {
		const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
		return pkg === PACKAGE_NAME ? `${from} imports the package itself ("${specifier}")` : undefined;
	}
	const path = posix.normalize(posix.join(posix.dirname(from), specifier));
	return NODE_AREAS.includes(path.split('/')[0]) ? `${from} imports ${path}` : undefined;
}

/**
 * Follows relative imports from `start` through any file of the repository (a sandbox file
 * importing a helper that imports the node reaches it too); the first way in, or undefined.
 */
function pathIntoNode(start: string, read = (f: string) => readFileSync(join(ROOT, f), 'utf8')): string | undefined {
	const seen = new Set<string>([start]);
	const queue: Array<{ file: string; via: string[] }> = [{ file: start, via: [start] }];
	while (queue.length) {
		const { file, via } = queue.shift()!;
		for (const specifier of specifiers(read(file))) {
			const why = reachesNode(file, specifier);
			if (why) return [...via.slice(0, -1), why].join(' → ');
			const next = specifier.startsWith('.') ? resolveFile(file, specifier) : undefined;
			if (next && !seen.has(next)) {
				seen.add(next);
				queue.push({ file: next, via: [...via, next] });
			}
		}
	}
	return undefined;
}

const FILES = tsFiles('test/sandbox');
const EDGES = FILES.flatMap((from) => specifiers(readFileSync(join(ROOT, from), 'utf8')).map((specifier) => ({ from, specifier })));

describe('imports of test/sandbox/', () => {
	it('are really read', () => {
		expect(FILES).toEqual(expect.arrayContaining(['test/sandbox/server.ts', 'test/sandbox/spec.ts', 'test/sandbox/api.ts']));
		expect(EDGES.filter((e) => e.specifier.startsWith('./')).length).toBeGreaterThan(20);
		const missing = EDGES.filter((e) => e.specifier.startsWith('.') && !resolveFile(e.from, e.specifier));
		expect(missing).toEqual([]);
	});

	it('never reach the node, directly or through another file: nothing from nodes/, credentials/, dist/ or the package', () => {
		expect(FILES.map((f) => pathIntoNode(f)).filter(Boolean)).toEqual([]);
	});
});

describe('the check can fail (synthetic imports)', () => {
	it.each([
		['test/sandbox/api.ts', '../../nodes/core/modules'],
		['test/sandbox/api.ts', '../../nodes/core/errorCodes'],
		['test/sandbox/fields.ts', '../../credentials/SarvCrmApi.credentials'],
		['test/sandbox/server.ts', '../../dist/nodes/core/modules'],
		['test/sandbox/server.ts', PACKAGE_NAME],
		['test/sandbox/server.ts', `${PACKAGE_NAME}/dist/nodes/core/modules`],
	])('%s → %s is refused', (from, specifier) => {
		expect(reachesNode(from, specifier)).toEqual(expect.any(String));
	});

	it('an import through a file outside the sandbox is followed', () => {
		// The agreement test imports the node's tables: a sandbox file importing it reaches them.
		const fake: Record<string, string> = { 'test/sandbox/server.ts': "import '../unit/sandbox/spec-agreement.test';" };
		const why = pathIntoNode('test/sandbox/server.ts', (f) => fake[f] ?? readFileSync(join(ROOT, f), 'utf8'));
		expect(why).toBe('test/sandbox/server.ts → test/unit/sandbox/spec-agreement.test.ts imports nodes/core/errorCodes');
	});

	it.each([
		['test/sandbox/api.ts', './spec'],
		['test/sandbox/server.ts', 'http'],
		['test/sandbox/values.ts', 'node:crypto'],
	])('%s → %s is allowed', (from, specifier) => {
		expect(reachesNode(from, specifier)).toBeUndefined();
	});
});
