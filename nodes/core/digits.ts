/**
 * Numbers as Iranian users type them: Persian (U+06F0-U+06F9) or Arabic-Indic (U+0660-U+0669)
 * digits, often mixed with ASCII after copy-paste, with the Arabic decimal (U+066B) and
 * thousands (U+066C) separators. Only values read as numbers go through here; text is stored as typed.
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** What each non-ASCII character of a number means in ASCII ('' = it only groups digits). */
const NUMBER_CHARS: Record<string, string> = {
	...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String.fromCharCode(PERSIAN_ZERO + d), String(d)])),
	...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String.fromCharCode(ARABIC_INDIC_ZERO + d), String(d)])),
	'\u066b': '.',
	'\u066c': '',
};

const NON_ASCII_NUMBER_CHAR = /[\u06f0-\u06f9\u0660-\u0669\u066b\u066c]/g;

/**
 * Direction marks and joiners that copy-paste from right-to-left text leaves around a
 * number: invisible, never part of it.
 */
const INVISIBLE_MARKS = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The text with Persian and Arabic-Indic digits and separators in ASCII. */
export function asciiDigits(text: string): string {
	return text.replace(NON_ASCII_NUMBER_CHAR, (ch) => NUMBER_CHARS[ch]);
}

export function hasNonAsciiDigits(text: string): boolean {
	return /[\u06f0-\u06f9\u0660-\u0669]/.test(text);
}

/** A value typed as a number, date or phone number, ready for the ASCII checks. */
export function numberText(text: string): string {
	return asciiDigits(text.replace(INVISIBLE_MARKS, '')).trim();
}
