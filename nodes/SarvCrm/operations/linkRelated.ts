import type { IDataObject } from 'n8n-workflow';

import { SarvInputError } from '../../core/errors';
import { messageText } from '../../core/replies';
import { readRecordId } from '../input';
import type { SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { relatedFieldProperty, relatedRecordsProperty } from '../parameters/relationships';
import { readRelatedField } from '../relatedField';

type RelatedRecord = string | IDataObject;

function parseAttributes(value: string | IDataObject | undefined, index: number): IDataObject {
	if (value === undefined || value === '') return {};
	if (typeof value === 'object') return value;
	try {
		const parsed = JSON.parse(value);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
	} catch {
		// reported below
	}
	throw new SarvInputError(
		`Extra Attributes of related record ${index + 1} are not a JSON object`,
		'attributes',
		'Write them as {"qty": 2, "unit_id": "Branch"}.',
	);
}

export const linkRelated: SarvOperation<{ id: string; field: string; related: RelatedRecord[] }> = {
	value: 'linkRelated',
	name: 'Link Related Records',
	description: 'Link records to a record through a relationship field (SaveRelationships)',
	action: (m) => `Link records to ${m.a} ${m.singular}`,
	properties: [recordIdProperty, relatedFieldProperty, relatedRecordsProperty],
	writes: true,
	read(item) {
		const id = readRecordId(item);
		const field = readRelatedField(item);
		const { record: rows = [] } = item.param<{ record?: Array<{ id: string; attributes?: string | IDataObject }> }>('relatedRecords', {});
		const related = rows.map((row, index): RelatedRecord => {
			const relatedId = String(row.id ?? '').trim();
			if (!relatedId) {
				throw new SarvInputError(
					`Related record ${index + 1} has no ID`,
					'relatedRecords',
					'Enter the ID of each record to link, or remove the empty row.',
				);
			}
			const attributes = parseAttributes(row.attributes, index);
			return Object.keys(attributes).length ? { ...attributes, id: relatedId } : relatedId;
		});
		if (!related.length) throw new SarvInputError('No related record to link', 'relatedRecords', 'Add at least one record ID.');
		return { id, field, related };
	},
	async run(item, { id, field, related }) {
		const reply = await item.client.request({
			method: 'SaveRelationships',
			httpMethod: 'POST',
			module: item.module.key,
			id,
			body: { field_name: field, related_records: related },
		});
		return [
			{
				id,
				relatedField: field,
				linked: related.map((r) => (typeof r === 'string' ? r : String(r.id))),
				message: messageText(reply.message),
			},
		];
	},
};
