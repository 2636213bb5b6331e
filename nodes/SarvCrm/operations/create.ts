import { keyedId } from '../../core/service2/bulk';
import { datesTypedInOption } from '../../n8n/parameters';
import { runGate } from '../batch';
import { bulkShared } from '../bulk';
import { readRecordInput, type RecordInput } from '../input';
import type { ItemContext, Job, SarvOperation } from '../operation';
import { writeProperties } from '../parameters/recordInput';
import { batchSizeOption, bulkWriteOption, recordKeyOption, returnFullRecordOption } from '../parameters/options';
import { save, savedOutput } from '../records';

/** A Create item: its record, and its Record Key when the option gives one. */
interface CreateInput extends RecordInput {
	key?: string;
}

async function createOne(item: ItemContext, { record }: CreateInput) {
	return [await savedOutput(item, await save(item, record), record)];
}

/**
 * Many items: set_entries batches, each new record with an id of this run's identity (Bulk
 * Write), or of its Record Key; else one Save each.
 */
const createShared = bulkShared<CreateInput>(
	({ item, input }) =>
		input.key
			? { id: keyedId(item.origin, item.module.key, input.key), values: input.record, create: true, keyed: true }
			: { id: item.writeRun.newId(item.module.key, input.record), values: input.record, create: true },
	createOne,
	async ({ item, input }, id) => [await savedOutput(item, id, input.record)],
);

export const create: SarvOperation<CreateInput> = {
	value: 'create',
	name: 'Create',
	description: 'Create a new record in the module',
	action: (m) => `Create ${m.a} ${m.singular}`,
	properties: writeProperties,
	options: [returnFullRecordOption, datesTypedInOption, bulkWriteOption, batchSizeOption, recordKeyOption],
	writes: true,
	creates: 'new',
	async read(item) {
		const fields = await item.fields.fields(item.module.key);
		const key = String(item.options.recordKey ?? '').trim();
		return { ...readRecordInput(item, fields, { requireAll: true }), ...(key ? { key } : {}) };
	},
	// One item alone: one Save, unless it has a Record Key (which only set_entries can honour).
	async run(item, input) {
		if (!input.key) return await createOne(item, input);
		const [outcome] = await createShared([{ item, input } as Job<CreateInput>], runGate({ continueOnFail: false }));
		if (outcome instanceof Error) throw outcome;
		return outcome ?? [];
	},
	runShared: createShared,
};
