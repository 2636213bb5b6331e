'use strict';
// `npm pack` this package and install the tarball into an n8n user folder's `.n8n/nodes`,
// exactly as n8n's Community Nodes installer does (npm install <pkg> in that folder).
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { npmEnv } = require('./install');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

function sha256(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Packs the built package (dist/ must exist); returns { tarball, sha256 }. */
function packPackage(root = ROOT) {
	if (!fs.existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
		cwd: root,
		env: npmEnv({}),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	const tarball = path.join(dest, info.filename);
	return { tarball, sha256: sha256(tarball), files: info.files.length };
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes`. Skipped when the same tarball
 * (by content hash) is already installed. Returns true when it (re)installed.
 */
function installIntoUserFolder(userFolder, { tarball, sha256: hash }, { force = false } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const marker = path.join(nodesDir, `.${PACKAGE_NAME}.sha256`);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!force && fs.existsSync(installed) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === hash) {
		return false;
	}
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJson)) {
		fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2) + '\n');
	}
	fs.rmSync(marker, { force: true });
	// quiet: npm's own lines ("added 1 package") only when it fails
	try {
		execFileSync('npm', ['install', tarball, '--omit=peer', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: nodesDir,
			env: npmEnv({}),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		throw new Error(
			`npm install of ${path.basename(tarball)} into ${nodesDir} failed:\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`,
		);
	}
	fs.writeFileSync(marker, hash + '\n');
	return true;
}

module.exports = { packPackage, installIntoUserFolder, PACKAGE_NAME, ROOT };
