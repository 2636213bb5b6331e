/**
 * The SarvCRM sandbox in a process of its own, as a real SarvCRM is a server elsewhere:
 * its per-request work and garbage never land on the event loop or in the heap of the
 * n8n engine being measured. Started by `RemoteSandbox.spawn` (remote-sandbox.ts):
 *
 *   node -r ./bench/register.js bench/sandbox-process.ts '<SandboxOptions as JSON>'
 *
 * Prints one JSON line `{"url": "http://127.0.0.1:<port>/API.php"}` once listening, and
 * stops when its stdin closes (the bench ended or died) or on SIGTERM.
 */
import { SarvCrmSandbox, type SandboxOptions } from '../test/sandbox/server';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
	const sandbox = new SarvCrmSandbox({ ...options, host: '127.0.0.1', port: 0 });
	const url = await sandbox.start();
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		sandbox.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGTERM', stop);
	process.stdin.on('end', stop);
	process.stdin.on('error', stop);
	process.stdin.resume();
	process.stdout.write(`${JSON.stringify({ url })}\n`);
}

main().catch((error) => {
	process.stderr.write(`sandbox process: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
