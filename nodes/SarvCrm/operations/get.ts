import type { IDataObject } from 'n8n-workflow';

import { recordsByIds } from '../../core/batches';
import { findErrorCode } from '../../core/errorCodes';
import { SarvApiError } from '../../core/errors';
import { failureOf } from '../../core/failure';
import { simplifyOption } from '../../n8n/parameters';
import { outputProperties } from '../parameters/output';
import { readRecordId } from '../input';
import type { ItemContext, SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { fetchRecord, fieldsToAsk, recordOutput, shaped } from '../records';

function notFound(item: ItemContext, id: string): SarvApiError {
	return new SarvApiError(failureOf('notFound', { code: 22 }, findErrorCode(22)), { module: item.module.key, recordId: id });
}

/**
 * Many items: their ids are read together, one Retrieve per up to 300 ids of a module
 * (`id IN (...)`), and each record goes back to its own item; a missing id fails its item.
 */
async function getMany(items: ItemContext[]): Promise<Array<IDataObject[] | Error>> {
	const ids = items.map((item) => {
		try {
			return readRecordId(item);
		} catch (error) {
			return error as Error;
		}
	});
	const byModule = new Map<string, Array<{ item: ItemContext; id: string }>>();
	items.forEach((item, i) => {
		const id = ids[i];
		if (!(id instanceof Error)) byModule.set(item.module.key, [...(byModule.get(item.module.key) ?? []), { item, id }]);
	});
	const found = new Map<ItemContext, Awaited<ReturnType<typeof recordsByIds>>>();
	for (const group of byModule.values()) {
		const [{ item: first }] = group;
		const result = await recordsByIds(first.client, first.module, group.map((g) => g.id), fieldsToAsk(first));
		for (const { item } of group) found.set(item, result);
	}
	return items.map((item, i) => {
		const id = ids[i];
		if (id instanceof Error) return id;
		const { records, failed } = found.get(item)!;
		if (failed.has(id)) return failed.get(id) as Error;
		const record = records.get(id);
		return record ? [shaped(item, record, recordOutput(item))] : notFound(item, id);
	});
}

export const get: SarvOperation = {
	value: 'get',
	name: 'Get',
	description: 'Get one record by its ID (many input items are read together, up to 300 per call)',
	action: (m) => `Get ${m.a} ${m.singular}`,
	properties: [recordIdProperty, ...outputProperties],
	optionsV1: [simplifyOption],
	async run(item) {
		const id = readRecordId(item);
		return [shaped(item, await fetchRecord(item, id), recordOutput(item))];
	},
	runBatch: getMany,
};
