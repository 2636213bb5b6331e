'use strict';
// One progress line for a long step: redrawn in place on a terminal, else repeated every 30 s
// (a log file or CI must not fill up with carriage returns).
const TTY_REFRESH_MS = 1000;
const PLAIN_REFRESH_MS = 30000;

function formatElapsed(ms) {
	const s = Math.floor(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * Starts a progress line "<prefix> <what> (<elapsed>)". Returns { update(what), done(text) }:
 * `done` ends the line (in place on a TTY) with its own text.
 */
function startProgress(prefix, what, { stream = process.stderr, isTTY = !!stream.isTTY, now = Date.now } = {}) {
	const started = now();
	let current = what;
	const line = () => `${prefix} ${current} (${formatElapsed(now() - started)})`;
	const draw = () => stream.write(isTTY ? `\r\x1b[K${line()}` : `${line()}\n`);
	draw();
	const timer = setInterval(draw, isTTY ? TTY_REFRESH_MS : PLAIN_REFRESH_MS);
	timer.unref();
	let finished = false;
	return {
		update(next) {
			current = next;
			if (isTTY) draw();
		},
		done(text) {
			if (finished) return;
			finished = true;
			clearInterval(timer);
			const end = `${prefix} ${text} (${formatElapsed(now() - started)})`;
			stream.write(isTTY ? `\r\x1b[K${end}\n` : `${end}\n`);
		},
	};
}

module.exports = { startProgress, formatElapsed };
