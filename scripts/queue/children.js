'use strict';
// Every long-running process the queue stack starts, so that one call (or the process
// exiting, or Ctrl-C) stops them all, and nothing is left running after a failed test.
const { killGroup, isAlive } = require('../n8n/run');

/** @type {Map<number, string>} pid (a process group leader) -> what it is */
const running = new Map();
let hooked = false;

function track(pid, what) {
	running.set(pid, what);
	if (hooked) return;
	hooked = true;
	// synchronous: 'exit' handlers cannot wait
	process.on('exit', () => killAllNow());
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			killAllNow();
			process.exit(130);
		});
	}
}

function untrack(pid) {
	running.delete(pid);
}

function killAllNow() {
	for (const pid of running.keys()) killGroup(pid, 'SIGKILL');
	running.clear();
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
async function stopPid(pid, graceMs = 10000) {
	if (!pid) return;
	killGroup(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	killGroup(pid, 'SIGKILL');
	untrack(pid);
}

function trackedCount() {
	return running.size;
}

module.exports = { track, untrack, stopPid, killAllNow, trackedCount };
