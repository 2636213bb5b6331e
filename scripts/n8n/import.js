'use strict';
// Importing credentials and workflows with the n8n CLI (one n8n boot per call).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCliOk } = require('./run');

/** The credential pointing at a SarvCRM (the sandbox unless told otherwise). Plain data: n8n encrypts it. */
function sarvCredential({ id = 'sarvCrmSandbox01', name = 'SarvCRM Sandbox', baseUrl, utype, username, password, language = 'en_US' }) {
	return {
		id,
		name,
		type: 'sarvCrmApi',
		data: { baseUrl, utype, username, password, language, loginType: '' },
	};
}

function tmpFile(name, content) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-import-'));
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(content, null, 2));
	return { dir, file };
}

/** `n8n import:credentials` for a list of credentials ([{ id, name, type, data }]). Same id = overwrite. `opts` as for runCli (e.g. { env } of a Postgres-backed instance). */
async function importCredentials(f, userFolder, credentials, opts) {
	const { dir, file } = tmpFile('credentials.json', credentials);
	try {
		return await runCliOk(f, userFolder, ['import:credentials', `--input=${file}`], opts);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** `n8n import:workflow --separate` for a list of workflow objects (ids are kept). */
async function importWorkflows(f, userFolder, workflows, opts) {
	if (!workflows.length) return undefined;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarvcrm-import-'));
	try {
		workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(wf, null, 2)));
		return await runCliOk(f, userFolder, ['import:workflow', '--separate', `--input=${dir}`], opts);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** Marks workflows active in the database, so that `n8n start` activates them (webhooks, polling). */
async function activateWorkflows(f, userFolder, ids, opts) {
	for (const id of ids) {
		if (f.major >= 2) await runCliOk(f, userFolder, ['publish:workflow', `--id=${id}`], opts);
		else await runCliOk(f, userFolder, ['update:workflow', `--id=${id}`, '--active=true'], opts);
	}
}

/** Reads the example workflows shipped in examples/*.json. */
function readExamples(dir = path.resolve(__dirname, '..', '..', 'examples')) {
	return fs
		.readdirSync(dir)
		.filter((n) => n.endsWith('.json'))
		.sort()
		.map((n) => ({ file: n, path: path.join(dir, n), workflow: JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) }));
}

module.exports = { sarvCredential, importCredentials, importWorkflows, activateWorkflows, readExamples };
