'use strict';
// Once per e2e run: the cached n8n install, a fresh build of the package and its tarball.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureN8n, packPackage, ROOT } = require('../../scripts/n8n');

module.exports = async function globalSetup() {
	const started = Date.now();
	const major = process.env.E2E_N8N || undefined; // the default line, see scripts/n8n/paths.js
	const f = await ensureN8n(major);
	if (process.env.E2E_SKIP_BUILD !== '1') {
		const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const pack = packPackage();
	const out = path.join(ROOT, '.n8n-e2e');
	fs.mkdirSync(out, { recursive: true });
	const tarball = path.join(out, path.basename(pack.tarball));
	fs.copyFileSync(pack.tarball, tarball);
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	process.env.E2E_N8N = String(f.major);
	process.env.E2E_TARBALL = tarball;
	process.env.E2E_TARBALL_SHA256 = pack.sha256;
	process.stderr.write(
		`\n[e2e] n8n ${f.version} on Node ${f.nodeVersion || process.versions.node}; package ${path.basename(tarball)} (${Math.round((Date.now() - started) / 1000)} s setup)\n`,
	);
};
