import type { INodeProperties } from 'n8n-workflow';

import { fileHolder } from '../fileHolders';
import { readRecordId } from '../input';
import { WithFiles, type SarvOperation } from '../operation';
import { recordIdProperty } from '../parameters/record';

const outputProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
};

const revisionIdOption: INodeProperties = {
	displayName: 'Revision ID',
	name: 'revisionId',
	type: 'string',
	default: '',
	description: 'The revision to download; the latest when empty',
	// a note holds one file, only a document has revisions
	displayOptions: { show: { '/resource': ['Documents'] } },
};

export const downloadFile: SarvOperation<{ id: string; property: string }> = {
	value: 'downloadFile',
	name: 'Download File',
	description: "A note's file or a document revision as binary data, with its file name and MIME type (service2)",
	action: (m) => `Download the file of ${m.a} ${m.singular}`,
	appliesTo: (m) => !!fileHolder(m),
	properties: [recordIdProperty, outputProperty],
	options: [revisionIdOption],
	read: (item) => ({ id: readRecordId(item), property: String(item.param('binaryPropertyName', 'data')).trim() || 'data' }),
	async run(item, { id, property }) {
		const file = await fileHolder(item.module)!.download(item, id);
		const binary = await item.files.write(file.data, file.fileName);
		const json = {
			id,
			fileName: file.fileName,
			fileSize: file.data.length,
			mimeType: binary.mimeType,
			...(file.revisionId ? { revisionId: file.revisionId, revision: file.revision ?? null } : {}),
		};
		return [new WithFiles(json, { [property]: binary })];
	},
};
