'use strict';
// The summary `npm start` prints once n8n is up: where to sign in, what was imported, and ready
// `curl` lines for the example webhooks. Pure, so that a unit test reads exactly what users read.

/**
 * A request to try each webhook example with, by its webhook path. The lead comes first: the
 * file example attaches to the lead with that email, so the first line makes the second work.
 */
const TRY_REQUESTS = {
	'sarvcrm-lead': {
		json: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', message: 'From the website form' },
	},
	'sarvcrm-file-note': { form: { email: 'ada@example.com' }, file: 'README.md' },
	'sarvcrm-phone': { query: { number: '0912' } },
};

/** The webhooks of the example workflows: [{ file, name, id, path, method }], in TRY_REQUESTS order. */
function exampleWebhooks(examples) {
	const hooks = examples.flatMap((e) =>
		e.workflow.nodes
			.filter((n) => n.type === 'n8n-nodes-base.webhook' && n.parameters?.path)
			.map((n) => ({
				file: e.file,
				name: e.workflow.name,
				id: e.workflow.id,
				path: n.parameters.path,
				method: n.parameters.httpMethod || 'GET',
			})),
	);
	const order = Object.keys(TRY_REQUESTS);
	const rank = (h) => (order.includes(h.path) ? order.indexOf(h.path) : order.length);
	return hooks.sort((a, b) => rank(a) - rank(b));
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** A ready curl line for one webhook at `base` (…/webhook-test or …/webhook), the example's file named in a shell comment. */
function curlLine(hook, base) {
	const req = TRY_REQUESTS[hook.path] ?? {};
	const query = req.query ? `?${new URLSearchParams(req.query)}` : '';
	const parts = ['curl'];
	if (hook.method !== 'GET') parts.push('-X', hook.method);
	parts.push(shellQuote(`${base}/${hook.path}${query}`));
	if (req.json) parts.push('-H', shellQuote('Content-Type: application/json'), '-d', shellQuote(JSON.stringify(req.json)));
	for (const [k, v] of Object.entries(req.form ?? {})) parts.push('-F', shellQuote(`${k}=${v}`));
	if (req.file) parts.push('-F', shellQuote(`file=@${req.file}`));
	return `${parts.join(' ')}   # ${hook.file}`;
}

/**
 * The lines of the summary.
 * @param {{ version: string, major: number, url: string, ready: string, who: {email: string, password: string},
 *   ownerExisted: boolean, sarvcrm: string, credentialName: string, examples: Array<{file: string, workflow: any}> }} o
 */
function startSummary(o) {
	const hooks = exampleWebhooks(o.examples);
	const first = o.examples.find((e) => e.file === 'webhook-lead-upsert.json') ?? o.examples[0];
	// n8n 2.x "publishes" a workflow where 1.x switched it "Active"
	const activate = o.major >= 2 ? 'Publish it' : 'Switch it Active';
	const rule = '='.repeat(80);
	return [
		rule,
		` n8n ${o.version} is running with n8n-nodes-sarvcrm   (ready in ${o.ready})`,
		`   Open ${o.url} and sign in: ${o.who.email} / ${o.who.password}${o.ownerExisted ? '  (set up earlier)' : ''}`,
		`   SarvCRM: ${o.sarvcrm}`,
		`   Imported: the credential "${o.credentialName}" and ${o.examples.length} example workflows, all INACTIVE`,
		'   (nothing runs until you run or activate one). What to click first:',
		`   1. Open "${first?.workflow.name}" (${o.url}/workflow/${first?.workflow.id}).`,
		'   2. Double-click the SarvCRM node: pick a Resource and an Operation; fields load live.',
		'   3. Or open the nodes panel (Tab), type "sarv", open SarvCRM and pick "Create a lead".',
		...(hooks.length
			? [
					` Try the webhook examples: open one and click "Execute workflow" (it waits for one call), then:`,
					...hooks.map((h) => `   ${curlLine(h, `${o.url}/webhook-test`)}`),
					` ${activate} to keep it listening: then call ${o.url}/webhook/<path> instead of /webhook-test/.`,
				]
			: []),
		' Press Ctrl-C to stop n8n and the sandbox.',
		rule,
		'',
	];
}

module.exports = { startSummary, exampleWebhooks, curlLine, TRY_REQUESTS };
