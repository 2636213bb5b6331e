import type { IDataObject } from 'n8n-workflow';

import { matchKey, recordsByMatch, type MatchTuple } from '../../core/batches';
import { mapWithConcurrency } from '../../core/concurrency';
import { findErrorCode } from '../../core/errorCodes';
import { SarvApiError, SarvInputError } from '../../core/errors';
import { failureOf } from '../../core/failure';
import { letterFormsOf } from '../../core/letters';
import { datesTypedInOption, matchLetterFormsOption } from '../../core/n8n/parameters';
import { assertRequiredFields } from '../../core/values';
import { readRecordInput } from '../input';
import type { ItemContext, SarvOperation } from '../operation';
import { returnFullRecordOption, updateAllMatchesOption } from '../parameters/options';
import { upsertProperties } from '../parameters/recordInput';
import { save, savedOutput } from '../records';

interface Prepared {
	item: ItemContext;
	record: IDataObject;
	tuple: MatchTuple;
	key: string;
	required: Parameters<typeof assertRequiredFields>[0];
}

async function prepare(item: ItemContext): Promise<Prepared> {
	const fields = await item.fields.fields(item.module.key);
	const { record, matchFields } = readRecordInput(item, fields, { requireAll: false });
	if (!matchFields.length) {
		throw new SarvInputError('No field to match on', 'matchFields', 'Choose one or more fields (e.g. email1) whose values identify the record.');
	}
	const values = matchFields.map((field) => {
		const value = record[field];
		if (value === undefined || value === '') {
			throw new SarvInputError(`Match field "${field}" has no value`, field, 'Give every match field a value, or stop matching on it.');
		}
		return Array.isArray(value) ? value.join(',') : value;
	});
	const tuple = { fields: matchFields, values };
	const letterForms = letterFormsOf(item.options);
	const key = `${item.module.key}\u0000${letterForms}\u0000${matchKey(matchFields, values, { letterForms })}`;
	return { item, record, tuple, key, required: fields };
}

function duplicates(p: Prepared): SarvApiError {
	return new SarvApiError(
		failureOf('request', { code: 50, message: `Duplicate Records: more than one ${p.item.module.key} record matches ${p.tuple.fields.join(', ')}` }, findErrorCode(50)),
		{ module: p.item.module.key },
	);
}

/**
 * Create or Update for all items of a run: the lookups first, batched (one Retrieve per up
 * to 300 match tuples), then the saves, one per item, at Max Parallel Requests. Items that
 * share a match value go in input order: the first creates, the next ones update it.
 */
async function upsertAll(items: ItemContext[]): Promise<Array<IDataObject[] | Error | null>> {
	const prepared = await Promise.all(items.map(async (item) => await prepare(item).catch((error: unknown) => error as Error)));
	const ready = prepared.filter((p): p is Prepared => !(p instanceof Error));

	/** Known matches per key: from the lookups, then from this run's own creations. */
	const known = new Map<string, IDataObject[] | Error>();
	const byModule = new Map<string, Prepared[]>();
	// Items looking up with and without letter forms (an expression) are separate lookups.
	const groupOf = (p: Prepared) => `${p.item.module.key}\u0000${letterFormsOf(p.item.options)}`;
	for (const p of ready) byModule.set(groupOf(p), [...(byModule.get(groupOf(p)) ?? []), p]);
	for (const group of byModule.values()) {
		const forms = { letterForms: letterFormsOf(group[0].item.options) };
		const { matches, failed } = await recordsByMatch(group[0].item.client, group[0].item.module, group.map((p) => p.tuple), forms);
		for (const p of group) {
			const tupleKey = matchKey(p.tuple.fields, p.tuple.values, forms);
			known.set(p.key, (failed.get(tupleKey) as Error | undefined) ?? matches.get(tupleKey) ?? []);
		}
	}

	const chains = new Map<string, Promise<unknown>>();
	let stopped = false;
	const saveOne = async (p: Prepared): Promise<IDataObject[]> => {
		const matches = known.get(p.key) ?? [];
		if (matches instanceof Error) throw matches;
		const updateAll = !!p.item.options.updateAllMatches;
		if (!matches.length) {
			assertRequiredFields(p.required, p.record, p.item.module.key);
			const id = await save(p.item, p.record);
			known.set(p.key, [{ id }]);
			return [await savedOutput(p.item, id, p.record, { upsertResult: 'created' })];
		}
		if (matches.length > 1 && !updateAll) throw duplicates(p);
		const results: IDataObject[] = [];
		for (const match of matches) {
			const id = String(match.id);
			results.push(await savedOutput(p.item, await save(p.item, p.record, id), p.record, { upsertResult: 'updated' }));
		}
		return results;
	};
	const maxParallel = items[0]?.maxParallel ?? 1;
	return await mapWithConcurrency(prepared, maxParallel, async (p) => {
		if (p instanceof Error) return p;
		const before = chains.get(p.key) ?? Promise.resolve();
		const mine = before.then(async () => (stopped ? null : await saveOne(p)));
		chains.set(p.key, mine.catch(() => undefined));
		try {
			return await mine;
		} catch (error) {
			if (p.item.stopOnError) stopped = true;
			return error as Error;
		}
	});
}

export const upsert: SarvOperation = {
	value: 'upsert',
	name: 'Create or Update',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: (m) => `Create or update ${m.a} ${m.singular}`,
	properties: upsertProperties,
	options: [returnFullRecordOption, updateAllMatchesOption, datesTypedInOption, matchLetterFormsOption],
	async run(item) {
		const [result] = await upsertAll([item]);
		if (result instanceof Error) throw result;
		return result ?? [];
	},
	runBatch: upsertAll,
};
