'use strict';
// One progress line for a long step: redrawn in place on a terminal. Elsewhere (a log file,
// CI) whole lines, no carriage returns: after 30 s, then every 30 s more between lines up to
// every 2 minutes, so that a slow install still prints only a few lines.
const TTY_REFRESH_MS = 1000;
const PLAIN_FIRST_MS = 30000;
const PLAIN_MAX_MS = 120000;

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
	let timer;
	if (isTTY) {
		timer = setInterval(draw, TTY_REFRESH_MS);
		timer.unref();
	} else {
		let gap = PLAIN_FIRST_MS;
		const next = () => {
			timer = setTimeout(() => {
				draw();
				gap = Math.min(gap + PLAIN_FIRST_MS, PLAIN_MAX_MS);
				next();
			}, gap);
			timer.unref();
		};
		next();
	}
	let finished = false;
	return {
		update(next) {
			current = next;
			if (isTTY) draw();
		},
		done(text) {
			if (finished) return;
			finished = true;
			if (isTTY) clearInterval(timer);
			else clearTimeout(timer);
			const end = `${prefix} ${text} (${formatElapsed(now() - started)})`;
			stream.write(isTTY ? `\r\x1b[K${end}\n` : `${end}\n`);
		},
	};
}

module.exports = { startProgress, formatElapsed, PLAIN_FIRST_MS, PLAIN_MAX_MS };
