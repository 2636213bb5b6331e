import type { IDataObject } from 'n8n-workflow';

import { recordsByIds } from '../../core/batches';
import { simplifyOption } from '../../n8n/parameters';
import { outputProperties } from '../parameters/output';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { includeDeletedOption } from '../parameters/options';
import { recordIdProperty } from '../parameters/record';
import { fetchRecord, fetchWithDeleted, notFound, recordsWithDeleted, shaped, shapedRead } from '../records';

export const get: SarvOperation<string> = {
	value: 'get',
	name: 'Get',
	description: 'Get one record by its ID (many input items are read together, up to 300 per call)',
	action: (m) => `Get ${m.a} ${m.singular}`,
	properties: [recordIdProperty, ...outputProperties],
	options: [includeDeletedOption],
	optionsV1: [simplifyOption],
	read: readRecordId,
	async run(item, id) {
		if (item.options.includeDeleted) return [shapedRead(item, await fetchWithDeleted(item, id), item.run.output)];
		return [shaped(item, await fetchRecord(item, id), item.run.output)];
	},
	/**
	 * Many items: their ids are read together, one Retrieve per up to 300 ids of a module
	 * (`id IN (...)`), and each record goes back to its own item; a missing id fails its item.
	 */
	async runShared(all) {
		// Include Deleted Records reads through service2 (the ids of a module together); the rest through v5.
		const withDeleted = new Map<(typeof all)[number], IDataObject[] | Error>();
		const deletedToo = all.filter((j) => j.item.options.includeDeleted);
		for (const key of new Set(deletedToo.map((j) => j.item.module.key))) {
			const group = deletedToo.filter((j) => j.item.module.key === key);
			const outcome = await recordsWithDeleted(
				group[0].item,
				group.map((j) => j.input),
			).catch((error: Error) => error);
			for (const job of group) {
				const record = outcome instanceof Error ? undefined : outcome.get(job.input);
				withDeleted.set(
					job,
					outcome instanceof Error ? outcome : record ? [shapedRead(job.item, record, job.item.run.output)] : notFound(job.item, job.input),
				);
			}
		}
		const jobs = all.filter((j) => !withDeleted.has(j));
		const byModule = new Map<string, typeof jobs>();
		for (const job of jobs) byModule.set(job.item.module.key, [...(byModule.get(job.item.module.key) ?? []), job]);
		const found = new Map<string, Awaited<ReturnType<typeof recordsByIds>>>();
		for (const [key, group] of byModule) {
			const [{ item }] = group;
			found.set(
				key,
				await recordsByIds(
					item.client,
					item.module,
					group.map((job) => job.input),
					item.run.fieldsToAsk,
				),
			);
		}
		return all.map((job) => {
			const { item, input: id } = job;
			if (withDeleted.has(job)) return withDeleted.get(job)!;
			const { records, failed } = found.get(item.module.key)!;
			if (failed.has(id)) return failed.get(id) as Error;
			const record = records.get(id);
			return record ? [shaped(item, record, item.run.output)] : notFound(item, id);
		});
	},
};
