import type { IDataObject } from 'n8n-workflow';

import type { SarvClient } from './client';
import type { SarvModule } from './modules';
import { MAX_PAGE_SIZE } from './paging';
import { byIdsRequest, byMatchRequest } from './recordQuery';
import { foldLetters } from './letters';
import type { WhereOptions } from './where';

/** Splits a list into runs of at most `size`. */
export function chunk<T>(list: readonly T[], size = MAX_PAGE_SIZE): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/**
 * How the database compares text in `=` (MySQL's default *_ci collations): case does not
 * tell values apart, nor do trailing spaces. Batched lookups hand records back to items by it.
 */
export function comparable(value: unknown, options: WhereOptions = {}): string {
	const text = String(value ?? '')
		.toLowerCase()
		.replace(/ +$/, '');
	// Looked up in every writing of Yeh and Kaf, a record is handed back by one spelling.
	return options.letterForms ? foldLetters(text) : text;
}

export function matchKey(fields: readonly string[], values: readonly unknown[], options: WhereOptions = {}): string {
	return JSON.stringify(fields.map((f, i) => [f, comparable(values[i], options)]));
}

/**
 * The records of a module with any of the given ids: one Retrieve per up to 300 ids
 * (duplicates asked once). A chunk that fails fails its ids only; the map holds the rest.
 */
export async function recordsByIds(
	client: SarvClient,
	module: SarvModule,
	ids: readonly string[],
	fields: readonly string[] = [],
): Promise<{ records: Map<string, IDataObject>; failed: Map<string, unknown> }> {
	const records = new Map<string, IDataObject>();
	const failed = new Map<string, unknown>();
	for (const part of chunk([...new Set(ids)])) {
		try {
			// One record per id at most: a full page is the whole answer.
			const found = await client.list({ method: 'Retrieve', module: module.key }, byIdsRequest(module, part, fields), { max: part.length });
			for (const record of found) records.set(String(record.id), record);
		} catch (error) {
			for (const id of part) failed.set(id, error);
		}
	}
	return { records, failed };
}

/** One lookup: the match fields and the values an item gives them. */
export interface MatchTuple {
	fields: string[];
	values: unknown[];
}

/**
 * The records matching each tuple (Create or Update's lookups): one Retrieve per up to 300
 * tuples of the same fields, records handed back by the server's comparison. A chunk that
 * fails fails its tuples only.
 */
export async function recordsByMatch(
	client: SarvClient,
	module: SarvModule,
	tuples: readonly MatchTuple[],
	options: WhereOptions = {},
): Promise<{ matches: Map<string, IDataObject[]>; failed: Map<string, unknown> }> {
	const matches = new Map<string, IDataObject[]>();
	const failed = new Map<string, unknown>();
	const bySignature = new Map<string, Map<string, MatchTuple>>();
	for (const t of tuples) {
		const signature = JSON.stringify(t.fields);
		const unique = bySignature.get(signature) ?? new Map<string, MatchTuple>();
		unique.set(matchKey(t.fields, t.values, options), t);
		bySignature.set(signature, unique);
	}
	for (const unique of bySignature.values()) {
		for (const part of chunk([...unique.values()])) {
			const keys = part.map((t) => matchKey(t.fields, t.values, options));
			for (const key of keys) matches.set(key, []);
			try {
				const [first] = part;
				const found = await client.listModule(module, (columns) =>
					byMatchRequest(
						module,
						first.fields,
						part.map((t) => t.values),
						columns,
						options,
					),
				);
				for (const record of found) {
					const key = matchKey(
						first.fields,
						first.fields.map((f) => record[f]),
						options,
					);
					matches.get(key)?.push(record);
				}
			} catch (error) {
				for (const key of keys) {
					matches.delete(key);
					failed.set(key, error);
				}
			}
		}
	}
	return { matches, failed };
}
