import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { SarvInputError } from '../core/errors';

/** A file read from an item's binary data. */
export interface InputFile {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

/**
 * One item's binary data, through n8n's helpers only: they read and write it wherever n8n keeps
 * it (memory, the filesystem, the database), so no file bytes ever sit in an item's JSON.
 */
export interface ItemFiles {
	/** Whether the item has this binary property */
	has(property: string): boolean;
	read(property: string): Promise<InputFile>;
	/** New binary data for an output item (the MIME type from the file name when not given) */
	write(data: Buffer, fileName: string, mimeType?: string): Promise<IBinaryData>;
}

/** An item without the binary field an operation reads: what to set instead. */
export function noBinaryField(property: string): SarvInputError {
	return new SarvInputError(
		`The item has no binary field "${property}"`,
		'binaryPropertyName',
		'Set "Input Binary Field" to the name of the field holding the file (often "data"), as the previous node shows it.',
	);
}

export function itemFiles(fn: IExecuteFunctions, itemIndex: number): ItemFiles {
	const binaryOf = (property: string) => fn.getInputData()[itemIndex]?.binary?.[property];
	return {
		has: (property) => !!binaryOf(property),
		async read(property) {
			const meta = binaryOf(property);
			if (!meta) throw noBinaryField(property);
			return { data: await fn.helpers.getBinaryDataBuffer(itemIndex, property), fileName: meta.fileName, mimeType: meta.mimeType };
		},
		async write(data, fileName, mimeType) {
			return await fn.helpers.prepareBinaryData(data, fileName, mimeType);
		},
	};
}
