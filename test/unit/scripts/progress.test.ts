interface Progress {
	update(what: string): void;
	done(text: string): void;
}
interface ProgressModule {
	formatElapsed(ms: number): string;
	startProgress(prefix: string, what: string, opts: { stream: { write(s: string): boolean; isTTY: boolean }; now: () => number }): Progress;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startProgress, formatElapsed } = require('../../../scripts/n8n/progress') as ProgressModule;

function stream(isTTY: boolean) {
	const writes: string[] = [];
	return { writes, isTTY, write: (s: string) => writes.push(s) > 0 };
}

describe('progress line', () => {
	it('formats elapsed time in seconds, then minutes', () => {
		expect(formatElapsed(4200)).toBe('4 s');
		expect(formatElapsed(125000)).toBe('2 min 05 s');
	});

	it('on a terminal: one line redrawn in place, ended by the final text', () => {
		let now = 0;
		const s = stream(true);
		const p = startProgress('[x]', 'installing', { stream: s, now: () => now });
		now = 61000;
		p.update('rebuilding');
		p.done('installed');
		expect(s.writes).toEqual([
			'\r\x1b[K[x] installing (0 s)',
			'\r\x1b[K[x] rebuilding (1 min 01 s)',
			'\r\x1b[K[x] installed (1 min 01 s)\n',
		]);
		expect(s.writes.join('').split('\n')).toHaveLength(2);
	});

	it('without a terminal: whole lines, no carriage returns, updates shown at the next tick only', () => {
		let now = 0;
		const s = stream(false);
		const p = startProgress('[x]', 'installing', { stream: s, now: () => now });
		now = 5000;
		p.update('rebuilding');
		p.done('installed');
		expect(s.writes).toEqual(['[x] installing (0 s)\n', '[x] installed (5 s)\n']);
	});

	it('without a terminal: a line after 30 s, then ever less often, at most every 2 minutes', () => {
		jest.useFakeTimers();
		try {
			const s = stream(false);
			const p = startProgress('[x]', 'installing', { stream: s, now: () => Date.now() });
			jest.advanceTimersByTime(15 * 60 * 1000);
			p.done('installed');
			// 0 s, then 30, 90, 180, 300 s, then every 120 s up to 900 s
			expect(s.writes.map((w) => w.replace(/^\[x\] \w+ \((.*)\)\n$/, '$1'))).toEqual([
				'0 s',
				'30 s',
				'1 min 30 s',
				'3 min 00 s',
				'5 min 00 s',
				'7 min 00 s',
				'9 min 00 s',
				'11 min 00 s',
				'13 min 00 s',
				'15 min 00 s',
				'15 min 00 s',
			]);
		} finally {
			jest.useRealTimers();
		}
	});
});
