/**
 * Yeh and Kaf each have an Arabic and a Persian code point (Yeh U+064A / U+06CC, Kaf U+0643 /
 * U+06A9) that look alike; older systems and keyboards store one, users type the other,
 * and MySQL's usual collations tell them apart. A text filter matches a value in any of
 * these forms by asking for each (quoted literals, OR-ed); the stored text is never changed.
 */

const YEH = { persian: '\u06cc', arabic: '\u064a' } as const;
const KAF = { persian: '\u06a9', arabic: '\u0643' } as const;
const YEHS = /[\u06cc\u064a]/g;
const KAFS = /[\u06a9\u0643]/g;

/** The Match Arabic and Persian Letters option: on unless switched off (an option never added is on). */
export function letterFormsOf(options: { matchLetterForms?: unknown }): boolean {
	return options.matchLetterForms !== false;
}

type Form = 'persian' | 'arabic';
const FORMS: readonly Form[] = ['persian', 'arabic'];

function written(text: string, yeh: Form, kaf: Form): string {
	return text.replace(YEHS, YEH[yeh]).replace(KAFS, KAF[kaf]);
}

/**
 * The value as typed, then each uniform writing of it: every Yeh in one form and every Kaf
 * in one form (all Persian, all Arabic, and the two mixes an old Windows Persian keyboard
 * produced: Arabic Yeh with Persian Kaf, and the reverse). At most 5, without repeats; a
 * value without Yeh or Kaf is one.
 */
export function letterVariants(text: string): string[] {
	const hasYeh = /[\u06cc\u064a]/.test(text);
	const hasKaf = /[\u06a9\u0643]/.test(text);
	const variants = new Set([text]);
	for (const yeh of hasYeh ? FORMS : (['persian'] as const)) {
		for (const kaf of hasKaf ? FORMS : (['persian'] as const)) variants.add(written(text, yeh, kaf));
	}
	return [...variants];
}

/** One spelling for every writing of a text (all Persian), to hand found records back to what was asked. */
export function foldLetters(text: string): string {
	return written(text, 'persian', 'persian');
}
