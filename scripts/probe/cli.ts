/**
 * `npm run probe`: the read-only conformance probe against a real SarvCRM.
 * SARVCRM_URL, SARVCRM_UTYPE, SARVCRM_USERNAME, SARVCRM_PASSWORD (and optionally SARVCRM_SERVICE2_URL) from the environment,
 * or asked for when run in a terminal (the password without echo). Never printed.
 * SARVCRM_PROBE_WRITE=1 (opt-in) lets the deleted-rows check create one test Lead and delete it.
 */
import { createInterface } from 'readline';

import { probe, renderReport, type ProbeTarget } from './probe';

const VARS = [
	['url', 'SARVCRM_URL', 'Base URL (…/API.php)'],
	['utype', 'SARVCRM_UTYPE', 'Instance key (utype)'],
	['username', 'SARVCRM_USERNAME', 'Username'],
	['password', 'SARVCRM_PASSWORD', 'Password'],
] as const;

function ask(question: string, hidden: boolean): Promise<string> {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
		if (hidden) {
			// Echo nothing but the prompt while the password is typed.
			const out = rl as unknown as { _writeToOutput: (s: string) => void };
			out._writeToOutput = (s: string) => {
				if (s.includes(question)) process.stderr.write(question);
			};
		}
		rl.question(question, (answer) => {
			rl.close();
			if (hidden) process.stderr.write('\n');
			resolve(answer.trim());
		});
	});
}

export async function readTarget(env = process.env, interactive = !!process.stdin.isTTY): Promise<ProbeTarget> {
	const target: Record<string, string> = {};
	for (const [key, name, label] of VARS) {
		let value = env[name] ?? '';
		if (!value && interactive) value = await ask(`${label}: `, key === 'password');
		if (!value) throw new Error(`${name} is not set (and there is no terminal to ask for it)`);
		target[key] = value;
	}
	if (!/^https?:\/\//i.test(target.url)) throw new Error('SARVCRM_URL must start with http:// or https://');
	// Optional: service2's address when it is not beside API.php.
	if (env.SARVCRM_SERVICE2_URL) target.service2Url = env.SARVCRM_SERVICE2_URL;
	// Opt-in: the deleted-rows check may create and delete one test Lead.
	return { ...(target as unknown as ProbeTarget), ...(env.SARVCRM_PROBE_WRITE === '1' ? { writes: true } : {}) };
}

async function main(): Promise<void> {
	const target = await readTarget();
	const mode = target.writes ? 'read-only but for one test Lead created and deleted' : 'read-only';
	process.stderr.write(`Probing ${new URL(target.url).origin} (${mode})…\n`);
	const findings = await probe(target);
	process.stdout.write(renderReport(target, findings));
}

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`probe: ${(e as Error).message}\n`);
		process.exit(1);
	});
}
