import type { IDataObject } from 'n8n-workflow';

import { findErrorCode } from '../../core/errorCodes';
import { SarvApiError, SarvInputError } from '../../core/errors';
import { failureOf } from '../../core/failure';
import type { FilterCondition } from '../../core/where';
import { assertRequiredFields } from '../../core/values';
import { readRecordInput } from '../input';
import type { ItemContext, SarvOperation } from '../operation';
import { returnFullRecordOption, updateAllMatchesOption } from '../parameters/options';
import { upsertProperties } from '../parameters/recordInput';
import { listRequest } from '../../core/recordQuery';
import { save, savedOutput } from '../records';

/** MySQL's default collation: case and trailing spaces do not tell values apart. */
function matchKey(module: string, values: unknown[]): string {
	return JSON.stringify([module, ...values.map((v) => String(v).toLowerCase().trimEnd())]);
}

/**
 * Items of one run that share a match value wait for each other, in input order: the first
 * creates the record, the next ones find and update it, at any parallelism.
 */
async function inMatchOrder<T>(item: ItemContext, key: string, work: () => Promise<T>): Promise<T> {
	const queues = item.run('upsertQueues', () => new Map<string, Promise<unknown>>());
	const before = queues.get(key) ?? Promise.resolve();
	const mine = before.then(work, work);
	queues.set(key, mine.catch(() => undefined));
	return await mine;
}

export const upsert: SarvOperation = {
	value: 'upsert',
	name: 'Create or Update',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: (m) => `Create or update ${m.a} ${m.singular}`,
	properties: upsertProperties,
	options: [returnFullRecordOption, updateAllMatchesOption],
	async run(item) {
		const fields = await item.fields.fields(item.module.key);
		const { record, matchFields } = readRecordInput(item, fields, { requireAll: false });
		if (!matchFields.length) {
			throw new SarvInputError('No field to match on', 'matchFields', 'Choose one or more fields (e.g. email1) whose values identify the record.');
		}
		const conditions = matchFields.map((field): FilterCondition => {
			const value = record[field];
			if (value === undefined || value === '') {
				throw new SarvInputError(`Match field "${field}" has no value`, field, 'Give every match field a value, or stop matching on it.');
			}
			return { field, operator: 'equals', value: Array.isArray(value) ? value.join(',') : value };
		});
		const key = matchKey(item.module.key, conditions.map((c) => c.value));
		return await inMatchOrder(item, key, async () => await createOrUpdate(item, record, conditions, fields));
	},
};

async function createOrUpdate(
	item: ItemContext,
	record: IDataObject,
	conditions: FilterCondition[],
	fields: Awaited<ReturnType<ItemContext['fields']['fields']>>,
): Promise<IDataObject[]> {
	const updateAll = !!item.options.updateAllMatches;
	const { query } = listRequest(item.module, { filters: conditions });
	// Two ids are enough to know the match is ambiguous, unless every match gets updated.
	const matches = await item.client.list(
		{ method: 'Retrieve', module: item.module.key },
		{ query, selected_fields: ['id'], order_by: listRequest(item.module, {}).order_by },
		{ max: updateAll ? undefined : 2 },
	);
	if (!matches.length) {
		assertRequiredFields(fields, record, item.module.key);
		return [await savedOutput(item, await save(item, record), record, { upsertResult: 'created' })];
	}
	if (matches.length > 1 && !updateAll) {
		throw new SarvApiError(
			failureOf('request', {
				code: 50,
				message: `Duplicate Records: more than one ${item.module.key} record matches ${conditions.map((c) => c.field).join(', ')}`,
			}, findErrorCode(50)),
			{ module: item.module.key },
		);
	}
	const results: IDataObject[] = [];
	for (const match of matches) {
		const id = String(match.id);
		results.push(await savedOutput(item, await save(item, record, id), record, { upsertResult: 'updated' }));
	}
	return results;
}
