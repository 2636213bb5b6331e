/** What a community-node reviewer checks first: the manifest and the packed tarball. */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(join(root, 'package.json'));

it('is a community node package with no runtime dependencies', () => {
	expect(pkg.name).toMatch(/^n8n-nodes-/);
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
});

it('lists built files that exist (npm test builds first)', () => {
	for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) expect(existsSync(join(root, file))).toBe(true);
});

it('packs only dist/, the docs and the manifest: no tests, sandbox or sources', () => {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
	const files: string[] = packed.files.map((f: { path: string }) => f.path);
	const outside = files.filter((f) => !f.startsWith('dist/'));
	expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json']);
	expect(files.filter((f) => /test|sandbox|\.ts$|\.map$/.test(f))).toEqual([]);
	expect(files).toEqual(
		expect.arrayContaining(['dist/icons/sarvcrm.svg', 'dist/icons/sarvcrm.dark.svg', 'dist/nodes/SarvCrm/SarvCrm.node.json']),
	);
});

it('ships no Persian script in any packed file (the Persian guide stays in docs/, outside the package)', () => {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
	const files: string[] = packed.files.map((f: { path: string }) => f.path);
	expect(files.filter((f) => f.startsWith('docs/'))).toEqual([]);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { readFileSync } = require('fs') as typeof import('fs');
	const persian = files.filter((f) => /[\u0600-\u06FF]/.test(readFileSync(join(root, f), 'utf8')));
	expect(persian).toEqual([]);
});
