import type { IDataObject } from 'n8n-workflow';

import { SarvInputError } from '../core/errors';
import type { SarvField } from '../core/fields';
import { placePhoneNumbers } from '../core/phones';
import { prepareRecord } from '../core/values';
import type { ItemContext } from './operation';
import { calendarOf } from '../core/dates';

interface MapperValue {
	mappingMode?: 'defineBelow' | 'autoMapInputData';
	value?: IDataObject | null;
	matchingColumns?: string[];
}

export interface RecordInput {
	record: IDataObject;
	/** Field names that identify the record for Create or Update */
	matchFields: string[];
}

function phoneNumbers(ctx: ItemContext): IDataObject[] {
	const { number: rows = [] } = ctx.param<{ number?: IDataObject[] }>('phoneNumbers', {});
	return rows
		.filter((row) => String(row.number ?? '').trim() !== '')
		.map((row) => ({
			type: row.type ?? 'Mobile',
			number: String(row.number).trim(),
			phoneCode: row.phoneCode ?? '',
			primary: row.primary ? 1 : 0,
			sms: row.sms ? 1 : 0,
			fax: row.fax ? 1 : 0,
		}));
}

/**
 * Reads the record to send from either input style (resource mapper or name/value list)
 * and checks it against the module's fields: nothing half-built reaches the server.
 */
export function readRecordInput(ctx: ItemContext, fields: SarvField[], { requireAll }: { requireAll: boolean }): RecordInput {
	const mode = ctx.param<string>('fieldsInput', 'mapper');
	let raw: IDataObject = {};
	let skipUnknown = false;
	let matchFields: string[] = [];
	if (mode === 'list') {
		const { field: rows = [] } = ctx.param<{ field?: Array<{ name: string; value: string }> }>('fields', {});
		for (const row of rows) {
			const name = String(row.name ?? '').trim();
			if (!name) throw new SarvInputError('A row of "Fields" has no field name', '', 'Pick a field for every row or remove the empty row.');
			raw[name] = row.value;
		}
		if (ctx.operation.matchesOnFields) matchFields = ctx.param<string[]>('matchFields', []);
	} else {
		const columns = ctx.param<MapperValue>('columns', {});
		if (columns.mappingMode === 'autoMapInputData') {
			// Input items carry more than the module's fields: take only the ones that exist.
			raw = { ...ctx.json };
			skipUnknown = true;
		} else {
			raw = { ...(columns.value ?? {}) };
		}
		if (ctx.operation.matchesOnFields) matchFields = columns.matchingColumns ?? [];
	}
	const numbers = phoneNumbers(ctx);
	if (numbers.length) raw.numbers = numbers;
	const placed = placePhoneNumbers(fields, raw, ctx.module.key);
	const record = prepareRecord(fields, placed, {
		requireAll,
		skipUnknown,
		module: ctx.module.key,
		calendar: calendarOf(ctx.options),
		timeZone: ctx.timeZone,
	});
	return { record, matchFields };
}

/** The Record ID parameter, checked before it goes into a request. */
export function readRecordId(ctx: ItemContext): string {
	// extractValue: the ID itself whether it was picked, typed or taken from a web-app link.
	const id = String(ctx.param('recordId', '', true) ?? '').trim();
	if (!id) {
		throw new SarvInputError(
			'Record ID is empty',
			'recordId',
			'Map the "id" of the record, e.g. {{ $json.id }} from a previous SarvCRM node.',
		);
	}
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
		throw new SarvInputError(
			`Record ID "${id.slice(0, 80)}" is not a SarvCRM ID`,
			'recordId',
			'IDs look like 5316cfc7-55e7-73ba-8e02-64c0b2a26b3b (letters, digits and dashes).',
		);
	}
	return id;
}
