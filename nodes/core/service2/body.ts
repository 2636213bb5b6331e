/**
 * The request body as one Buffer, with each file (a Buffer among the arguments) written into it
 * as base64 in slices: the file is never held as one base64 string, nor copied again by the
 * sender, so an upload needs about the file plus its base64 size in memory.
 */
import { randomBytes } from 'crypto';

/** A multiple of 3 bytes: slices encode to the same base64 as the whole file (no inner padding). */
const SLICE = 3 * 64 * 1024;

/** `+`, `/` and `=` are the base64 characters form encoding (URLSearchParams) escapes. */
const FORM_ESCAPES: Record<string, string> = { '+': '%2B', '/': '%2F', '=': '%3D' };
const formEscape = (b64: string) => b64.replace(/[+/=]/g, (c) => FORM_ESCAPES[c]);

type Escape = 'json' | 'form';

function eachSlice(data: Buffer, escape: Escape, each: (text: string) => void): void {
	for (let i = 0; i < data.length; i += SLICE) {
		const b64 = data.subarray(i, i + SLICE).toString('base64');
		each(escape === 'form' ? formEscape(b64) : b64);
	}
}

/** Bytes the file takes in the body: base64 needs no JSON escape; form encoding escapes 3 characters. */
export function encodedLength(data: Buffer, escape: Escape): number {
	if (escape === 'json') return Math.ceil(data.length / 3) * 4;
	let length = 0;
	eachSlice(data, escape, (text) => (length += text.length));
	return length;
}

/** Whether the arguments carry a file (a Buffer, at any depth). */
export function hasFiles(value: unknown): boolean {
	if (Buffer.isBuffer(value)) return true;
	if (value && typeof value === 'object') return Object.values(value).some(hasFiles);
	return false;
}

/** Arguments with each Buffer replaced by a token that survives JSON and form encoding unchanged. */
export function withPlaceholders(value: unknown, files: Buffer[], nonce: string): unknown {
	if (Buffer.isBuffer(value)) return `sarvfile${nonce}x${files.push(value) - 1}`;
	if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, files, nonce));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v, files, nonce)]));
	}
	return value;
}

/**
 * `encode` turns the arguments (files as tokens) into the body text; the tokens are then replaced
 * by the files' base64, written straight into the one Buffer.
 */
export function bodyWithFiles(args: unknown, escape: Escape, encode: (args: unknown) => string): Buffer {
	const files: Buffer[] = [];
	const nonce = randomBytes(6).toString('hex');
	const text = encode(withPlaceholders(args, files, nonce));
	if (!files.length) return Buffer.from(text, 'utf8');
	const parts = text.split(new RegExp(`sarvfile${nonce}x(\\d+)`));
	// parts: text, file index, text, file index, ..., text
	const size = parts.reduce((n, part, i) => n + (i % 2 ? encodedLength(files[Number(part)], escape) : Buffer.byteLength(part, 'utf8')), 0);
	const body = Buffer.allocUnsafe(size);
	let offset = 0;
	parts.forEach((part, i) => {
		if (i % 2 === 0) offset += body.write(part, offset, 'utf8');
		else eachSlice(files[Number(part)], escape, (slice) => (offset += body.write(slice, offset, 'latin1')));
	});
	return body;
}
