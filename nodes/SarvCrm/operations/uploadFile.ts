import type { INodeProperties } from 'n8n-workflow';

import { findSarvApiError, SarvInputError } from '../../core/errors';
import { classifyThrown, sarvError } from '../../core/failure';
import { SARV_MODULES } from '../../core/modules';
import { noBinaryField } from '../../n8n/binary';
import { fileHolder, type FileHolder } from '../fileHolders';
import { readRecordId } from '../input';
import type { ItemContext, SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';
import { save } from '../records';

const target: INodeProperties = {
	displayName: 'Upload To',
	name: 'fileTarget',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'An Existing Record', value: 'existing', description: 'Attach the file to a note, or add it as a new revision of a document' },
		{ name: 'A New Record', value: 'new', description: 'Create the note or document with the file in one step' },
	],
	default: 'existing',
};

const existingRecord: INodeProperties = { ...recordIdProperty, displayOptions: { show: { fileTarget: ['existing'] } } };

const title: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'Signed contract',
	description: "The new record's subject (a note) or name (a document)",
	displayOptions: { show: { fileTarget: ['new'] } },
};

export const binaryPropertyName: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the input binary field holding the file',
};

const fileNameOption: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: '',
	description: 'The name to store the file under; the input file name when empty',
};

// Each option shows only on the module it applies to: a revision is a document's, a parent record a note's.
const onlyFor = (module: string) => ({ show: { '/resource': [module] } });

const revisionOption: INodeProperties = {
	displayName: 'Revision',
	name: 'revision',
	type: 'string',
	default: '',
	description: "The new revision's label; one more than the current one when empty",
	displayOptions: onlyFor('Documents'),
};

const relatedModuleOption: INodeProperties = {
	displayName: 'Related Module',
	name: 'relatedModule',
	type: 'options',
	options: SARV_MODULES.filter((m) => m.key !== 'Notes')
		.map((m) => ({ name: m.label, value: m.key }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'Leads',
	description: 'The module of the record the note is about (with Related Record ID)',
	displayOptions: onlyFor('Notes'),
};

const relatedRecordOption: INodeProperties = {
	displayName: 'Related Record ID',
	name: 'relatedRecordId',
	type: 'string',
	default: '',
	description: 'The ID of the record the note is about (with Related Module)',
	displayOptions: onlyFor('Notes'),
};

interface UploadInput {
	holder: FileHolder;
	recordId?: string;
	title?: string;
	property: string;
}

function readUpload(item: ItemContext): UploadInput {
	const holder = fileHolder(item.module)!;
	const property = String(item.param('binaryPropertyName', 'data')).trim();
	if (!item.files.has(property)) throw noBinaryField(property);
	if (item.param('fileTarget', 'existing') === 'existing') return { holder, recordId: readRecordId(item), property };
	const name = String(item.param('title', '')).trim();
	if (!name)
		throw new SarvInputError('Title is empty', 'title', `Give the new ${item.module.singular} a title, e.g. {{ $json.fileName }}.`);
	return { holder, title: name, property };
}

/** The record made for the file is removed when its upload fails: no empty note is left behind. */
async function createWithFile(item: ItemContext, input: UploadInput, upload: (id: string) => Promise<object>) {
	const names = new Set((await item.fields.fields(item.module.key)).map((f) => f.name));
	const titleField = input.holder.titleFields.find((f) => names.has(f)) ?? input.holder.titleFields[0];
	const id = await save(item, { [titleField]: input.title, ...input.holder.newRecord(item.options) });
	try {
		return { id, ...(await upload(id)) };
	} catch (error) {
		const removed = await item.client.request({ method: 'Save', httpMethod: 'DELETE', module: item.module.key, id }).then(
			() => true,
			() => false,
		);
		const failure = classifyThrown(error);
		// Say what became of it: deleted, or left in place (its id, to find it) when the delete failed too.
		const fate = removed
			? `The ${item.module.singular} created for the file was deleted again.`
			: `The ${item.module.singular} created for the file (id ${id}) could not be deleted and is still in SarvCRM, without the file: delete it or upload to it with Existing Record.`;
		const hint = `${failure.hint} ${fate}`;
		throw sarvError({ ...failure, hint }, {}, findSarvApiError(error)?.site ?? { module: item.module.key });
	}
}

export const uploadFile: SarvOperation<UploadInput> = {
	value: 'uploadFile',
	name: 'Upload File',
	description: "Store a file from the item's binary data on a note or as a document revision (service2)",
	action: (m) => `Upload a file to ${m.a} ${m.singular}`,
	appliesTo: (m) => !!fileHolder(m),
	properties: [target, existingRecord, title, binaryPropertyName],
	options: [fileNameOption, revisionOption, relatedModuleOption, relatedRecordOption],
	writes: true,
	read: readUpload,
	async run(item, input) {
		const file = await item.files.read(input.property);
		const fileName = String(item.options.fileName ?? '').trim() || file.fileName || 'file';
		const stored = { fileName, data: file.data };
		// A server without service2 (or a refused login) fails here, before anything is created.
		await item.service2().login();
		const upload = async (id: string) => await input.holder.upload(item, id, stored, !input.recordId);
		const saved = input.recordId ? { id: input.recordId, ...(await upload(input.recordId)) } : await createWithFile(item, input, upload);
		return [{ ...saved, fileName, fileSize: file.data.length, mimeType: file.mimeType ?? null, created: !input.recordId }];
	},
};
