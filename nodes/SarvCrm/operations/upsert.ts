import type { IDataObject } from 'n8n-workflow';

import { matchKey, recordsByMatch, type MatchTuple } from '../../core/batches';
import { SarvApiError, SarvInputError } from '../../core/errors';
import { sarvError } from '../../core/failure';
import type { SarvField } from '../../core/fields';
import { letterFormsOf } from '../../core/letters';
import { datesTypedInOption, matchLetterFormsOption } from '../../n8n/parameters';
import { assertRequiredFields } from '../../core/values';
import type { BulkRow } from '../../core/service2/bulk';
import { eachJob } from '../batch';
import { bulkAvailable, byModule, writeRows } from '../bulk';
import { readRecordInput } from '../input';
import type { ItemContext, Job, Outcome, RunGate, SarvOperation } from '../operation';
import { batchSizeOption, bulkWriteOption, returnFullRecordOption, updateAllMatchesOption } from '../parameters/options';
import { upsertProperties } from '../parameters/recordInput';
import { save, savedOutput } from '../records';

interface UpsertInput {
	record: IDataObject;
	tuple: MatchTuple;
	/** The module and the match values as the database compares them */
	key: string;
	fields: SarvField[];
	/** Match Arabic and Persian letter forms (an expression may differ per item) */
	letterForms: boolean;
}

async function read(item: ItemContext): Promise<UpsertInput> {
	const fields = await item.fields.fields(item.module.key);
	const { record, matchFields } = readRecordInput(item, fields, { requireAll: false });
	if (!matchFields.length) {
		throw new SarvInputError(
			'No field to match on',
			'matchFields',
			'Choose one or more fields (e.g. email1) whose values identify the record.',
		);
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
	return { record, tuple, key, fields, letterForms };
}

function duplicates({ item, input }: Job<UpsertInput>): SarvApiError {
	const message = `Duplicate Records: more than one ${item.module.key} record matches ${input.tuple.fields.join(', ')}`;
	return sarvError('request', { code: 50, message }, { module: item.module.key });
}

/** The records each match key has on the server: one Retrieve per up to 300 tuples of a module. */
async function lookUp(jobs: Array<Job<UpsertInput>>): Promise<Map<string, IDataObject[] | Error>> {
	const known = new Map<string, IDataObject[] | Error>();
	const byModule = new Map<string, Array<Job<UpsertInput>>>();
	// Items looking up with and without letter forms (an expression) are separate lookups.
	const groupOf = (job: Job<UpsertInput>) => `${job.item.module.key}\u0000${job.input.letterForms}`;
	for (const job of jobs) byModule.set(groupOf(job), [...(byModule.get(groupOf(job)) ?? []), job]);
	for (const group of byModule.values()) {
		const [{ item, input: first }] = group;
		const forms = { letterForms: first.letterForms };
		const { matches, failed } = await recordsByMatch(
			item.client,
			item.module,
			group.map((job) => job.input.tuple),
			forms,
		);
		for (const { input } of group) {
			const tupleKey = matchKey(input.tuple.fields, input.tuple.values, forms);
			known.set(input.key, (failed.get(tupleKey) as Error | undefined) ?? matches.get(tupleKey) ?? []);
		}
	}
	return known;
}

/**
 * What can be known before the first save, per job: a failed lookup, several matches, or a
 * record to create that lacks a required field. In input order: only the first item of a
 * match value creates, the next ones update what it created.
 */
function check(jobs: Array<Job<UpsertInput>>, known: Map<string, IDataObject[] | Error>): Array<Error | undefined> {
	const created = new Set<string>();
	return jobs.map((job) => {
		const matches = known.get(job.input.key) ?? [];
		if (matches instanceof Error) return matches;
		if (matches.length > 1 && !job.item.options.updateAllMatches) return duplicates(job);
		if (matches.length || created.has(job.input.key)) return undefined;
		try {
			assertRequiredFields(job.input.fields, job.input.record, job.item.module.key);
		} catch (error) {
			return error as Error;
		}
		created.add(job.input.key);
		return undefined;
	});
}

/**
 * Create or Update for all items of a run: the lookups first, batched, then every item is
 * checked, then the saves at Max Parallel Requests. Items that share a match value go in
 * input order: the first creates, the next ones update it.
 */
async function upsertAll(jobs: Array<Job<UpsertInput>>, gate: RunGate): Promise<Outcome[]> {
	const known = await lookUp(jobs);
	const refused = check(jobs, known);
	if (gate.halted(refused)) return refused.map((error) => error ?? null);

	const ready = jobs.filter((_job, i) => !refused[i]);
	const bulk = ready.length > 1 && (await bulkAvailable(ready[0].item));
	const byJob = bulk ? await saveInWaves(ready, known, gate) : await saveEach(ready, known, gate);
	return jobs.map((job, i) => refused[i] ?? byJob.get(job) ?? null);
}

/** One Save per item at Max Parallel Requests; items sharing a match value wait for each other. */
async function saveEach(
	ready: Array<Job<UpsertInput>>,
	known: Map<string, IDataObject[] | Error>,
	gate: RunGate,
): Promise<Map<Job<UpsertInput>, Outcome>> {
	const chains = new Map<string, Promise<unknown>>();
	const saveOne = async ({ item, input }: Job<UpsertInput>): Promise<IDataObject[]> => {
		const matches = known.get(input.key) as IDataObject[];
		if (!matches.length) {
			const id = await save(item, input.record);
			known.set(input.key, [{ id }]);
			return [await savedOutput(item, id, input.record, { upsertResult: 'created' })];
		}
		const results: IDataObject[] = [];
		for (const match of matches) {
			const id = String(match.id);
			results.push(await savedOutput(item, await save(item, input.record, id), input.record, { upsertResult: 'updated' }));
		}
		return results;
	};
	const saved = await eachJob(ready, ready[0]?.item.run.maxParallel ?? 1, gate, async (job) => {
		const mine = (chains.get(job.input.key) ?? Promise.resolve()).then(async () => (gate.stopped ? null : await saveOne(job)));
		chains.set(
			job.input.key,
			mine.catch(() => undefined),
		);
		return await mine;
	});
	return new Map(ready.map((job, i) => [job, saved[i]]));
}

/**
 * Bulk Write: set_entries batches in waves. Wave n holds the n-th item of each match value, so
 * the first creates (with an id the node chose) and the next ones update it in a later wave.
 */
async function saveInWaves(
	ready: Array<Job<UpsertInput>>,
	known: Map<string, IDataObject[] | Error>,
	gate: RunGate,
): Promise<Map<Job<UpsertInput>, Outcome>> {
	const outcomes = new Map<Job<UpsertInput>, Outcome>();
	const seen = new Map<string, number>();
	const waves: Array<Array<Job<UpsertInput>>> = [];
	for (const job of ready) {
		const n = seen.get(job.input.key) ?? 0;
		seen.set(job.input.key, n + 1);
		(waves[n] ??= []).push(job);
	}
	for (const wave of waves) {
		if (gate.halted(outcomes.values())) break;
		for (const group of byModule(wave)) {
			const rows = group.flatMap((job): Array<{ job: Job<UpsertInput>; row: BulkRow }> => {
				const { item, input } = job;
				const matches = known.get(input.key) as IDataObject[];
				if (!matches.length)
					return [{ job, row: { id: item.writeRun.newId(item.module.key, input.record), values: input.record, create: true } }];
				return matches.map((m) => ({ job, row: { id: String(m.id), values: input.record, create: false } }));
			});
			const written = await writeRows(
				group[0].item,
				rows.map((r) => r.row),
				gate,
			);
			for (const job of group) {
				const mine = rows.map((r, i) => ({ ...r, done: written[i] })).filter((r) => r.job === job);
				const failed = mine.find((r) => r.done === null || r.done instanceof Error);
				if (failed) {
					outcomes.set(job, failed.done as Error | null);
					continue;
				}
				const created = mine.length === 1 && mine[0].row.create;
				if (created) known.set(job.input.key, [{ id: mine[0].row.id }]);
				const results: IDataObject[] = [];
				for (const r of mine) {
					const id = (r.done as { id: string }).id;
					results.push(await savedOutput(job.item, id, job.input.record, { upsertResult: created ? 'created' : 'updated' }));
				}
				outcomes.set(job, results);
			}
		}
	}
	return outcomes;
}

export const upsert: SarvOperation<UpsertInput> = {
	value: 'upsert',
	name: 'Create or Update',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: (m) => `Create or update ${m.a} ${m.singular}`,
	properties: upsertProperties,
	options: [returnFullRecordOption, updateAllMatchesOption, datesTypedInOption, matchLetterFormsOption, bulkWriteOption, batchSizeOption],
	writes: true,
	creates: 'matched',
	matchesOnFields: true,
	read,
	runShared: upsertAll,
};
