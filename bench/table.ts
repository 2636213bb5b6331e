/** The results table: fixed-width text for the terminal, Markdown for BENCHMARKS.md. */
import type { Row } from './lib';

export const verdict = (row: Row) => (row.pass === undefined ? 'info' : row.pass ? 'pass' : 'FAIL');

const HEADERS = ['scenario', 'metric', 'value', 'target', 'result'] as const;
const cells = (row: Row) => [row.scenario, row.metric, row.value, row.target, verdict(row)];

export function textTable(rows: Row[]): string {
	const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => cells(row)[i].length)));
	const line = (values: readonly string[]) =>
		values
			.map((v, i) => v.padEnd(widths[i]))
			.join(' | ')
			.trimEnd();
	const out = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-')];
	let previous = '';
	for (const row of rows) {
		if (previous && row.scenario !== previous) out.push('');
		previous = row.scenario;
		out.push(line(cells(row)));
	}
	return out.join('\n');
}

const md = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: Row[]): string {
	const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => ' --- ').join('|')}|`];
	for (const row of rows) {
		const [scenario, metric, value, target, result] = cells(row).map(md);
		out.push(`| ${scenario} | ${metric} | ${value} | ${target} | ${result === 'FAIL' ? '**FAIL**' : result} |`);
	}
	return out.join('\n');
}

/** Diagnoses of missed targets, numbered in table order. */
export function failureNotes(rows: Row[]): string[] {
	return rows
		.filter((row) => row.pass === false)
		.map((row) => `${row.scenario} — ${row.metric}: ${row.value} (target ${row.target}).${row.note ? ` ${row.note}` : ''}`);
}
