import { recordsByIds } from '../../core/batches';
import { simplifyOption } from '../../n8n/parameters';
import { outputProperties } from '../parameters/output';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { fetchRecord, notFound, shaped } from '../records';

export const get: SarvOperation<string> = {
	value: 'get',
	name: 'Get',
	description: 'Get one record by its ID (many input items are read together, up to 300 per call)',
	action: (m) => `Get ${m.a} ${m.singular}`,
	properties: [recordIdProperty, ...outputProperties],
	optionsV1: [simplifyOption],
	read: readRecordId,
	async run(item, id) {
		return [shaped(item, await fetchRecord(item, id), item.run.output)];
	},
	/**
	 * Many items: their ids are read together, one Retrieve per up to 300 ids of a module
	 * (`id IN (...)`), and each record goes back to its own item; a missing id fails its item.
	 */
	async runShared(jobs) {
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
		return jobs.map(({ item, input: id }) => {
			const { records, failed } = found.get(item.module.key)!;
			if (failed.has(id)) return failed.get(id) as Error;
			const record = records.get(id);
			return record ? [shaped(item, record, item.run.output)] : notFound(item, id);
		});
	},
};
