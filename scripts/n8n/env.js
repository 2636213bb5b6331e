'use strict';
// The environment every n8n command of ours runs with, for one user folder.
const path = require('path');

/** Fixed on purpose: set before the first n8n command in a folder, and never changed afterwards. */
const ENCRYPTION_KEY = 'n8n-nodes-sarvcrm-local-key-not-secret';

/**
 * @param {ReturnType<import('./paths').flavour>} f
 * @param {string} userFolder  N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`
 * @param {Record<string,string>} [extra]
 */
function n8nEnv(f, userFolder, extra = {}) {
	const env = { ...process.env };
	// do not leak the calling npm script's settings into n8n (or the npm it runs)
	for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
	// n8n reads every N8N_* / DB_* variable: drop the caller's, ours below are complete
	for (const k of Object.keys(env)) if (/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(k)) delete env[k];
	Object.assign(env, {
		PATH: `${path.dirname(f.nodeBin)}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_RUNNERS_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		NODE_ENV: 'production',
		...extra,
	});
	return env;
}

module.exports = { n8nEnv, ENCRYPTION_KEY };
