/**
 * `npm run sandbox`: a seeded SarvCRM sandbox to try the node without an account.
 * Flags: --port N (or env SARV_SANDBOX_PORT), --latency MS, --token-lifetime MS,
 * --profile key=value,key=value (or env SARV_SANDBOX_PROFILE), e.g. `--profile session=persian-403,pageCap=100`.
 */
import { mergeProfile, DEFAULT_PROFILE, parseProfileText, PROFILE_KEYS } from './profile';
import { DEFAULT_USERS, SarvCrmSandbox } from './server';

function flag(args: string[], name: string): string | undefined {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return undefined;
	return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

function num(value: string | undefined, what: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got "${value}"`);
	return n;
}

export async function main(args = process.argv.slice(2)): Promise<SarvCrmSandbox> {
	const port = num(flag(args, 'port') ?? process.env.SARV_SANDBOX_PORT, '--port') ?? 8787;
	const profileText = flag(args, 'profile') ?? process.env.SARV_SANDBOX_PROFILE ?? '';
	// Checked here, so a typo stops the CLI with the list of switches instead of a stack trace.
	const profile = mergeProfile({ ...DEFAULT_PROFILE }, parseProfileText(profileText));
	const sandbox = new SarvCrmSandbox({
		port,
		profile,
		latencyMs: num(flag(args, 'latency'), '--latency'),
		tokenLifetimeMs: num(flag(args, 'token-lifetime'), '--token-lifetime'),
		seed: true,
	});
	const url = await sandbox.start();
	const user = DEFAULT_USERS[0];
	process.stdout.write(
		[
			'SarvCRM sandbox ready',
			`  Base URL (API.php): ${url}`,
			`  Instance key (utype): ${sandbox.utype}`,
			`  Username: ${user.user_name}`,
			`  Password: ${user.password}`,
			`  service2 (files): ${url.replace(/API\.php$/, 'service2/v4_1/rest.php')}?utype=${sandbox.utype} (service2=${profile.service2})`,
			`  Admin: ${sandbox.adminUrl}/state`,
			`  Profile: ${PROFILE_KEYS.map((k) => `${k}=${String(profile[k])}`).join(', ')}`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the sandbox\n`);
		sandbox.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
	return sandbox;
}

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`sandbox: ${(e as Error).message}\n`);
		process.exit(1);
	});
}
