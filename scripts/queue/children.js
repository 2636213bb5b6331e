'use strict';
// Every long-running process the queue stack starts, so that one call (or the process
// exiting, or Ctrl-C) stops them all, and nothing is left running after a failed test.
const fs = require('fs');
const { killGroup, isAlive } = require('../n8n/run');

/** @type {Map<number, string>} pid (a process group leader) -> what it is */
const running = new Map();
/** Temp folders to remove when we are stopped abruptly (a normal stop removes them itself). */
const folders = new Set();
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

function trackFolder(dir) {
	folders.add(dir);
}

function untrack(pid) {
	running.delete(pid);
}

function killAllNow() {
	for (const pid of running.keys()) killGroup(pid, 'SIGKILL');
	running.clear();
	for (const dir of folders) {
		try {
			fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			// a process may still be writing there; the OS cleans /tmp eventually
		}
	}
	folders.clear();
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

module.exports = { track, trackFolder, untrack, stopPid, killAllNow };
