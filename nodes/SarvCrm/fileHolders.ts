import type { IDataObject } from 'n8n-workflow';

import { sarvError } from '../core/failure';
import type { SarvModule } from '../core/modules';
import type { ItemContext } from './operation';
import { fetchRecord } from './records';

/** A file to store on a record. */
export interface StoredFile {
	fileName: string;
	data: Buffer;
}

/** A file read back, and what it was stored as. */
export interface ReadFile extends StoredFile {
	revisionId?: string;
	revision?: string;
}

/**
 * How a module keeps its file, through service2: a note holds one attachment, a document a
 * line of revisions (uploading adds one; the latest is the document's `document_revision_id`).
 */
export interface FileHolder {
	/** The fields that may name a new record, the first one the module has is used (servers differ) */
	titleFields: string[];
	/** The fields of a new record beyond its title (a note's parent record) */
	newRecord(options: IDataObject): IDataObject;
	upload(item: ItemContext, recordId: string, file: StoredFile, created: boolean): Promise<{ revisionId?: string; revision?: string }>;
	download(item: ItemContext, recordId: string): Promise<ReadFile>;
}

const notes: FileHolder = {
	titleFields: ['name', 'subject'],
	newRecord: (options) =>
		options.relatedModule && options.relatedRecordId ? { parent_type: options.relatedModule, parent_id: options.relatedRecordId } : {},
	async upload(item, recordId, file) {
		const options = item.options;
		await item.service2().setNoteAttachment({
			noteId: recordId,
			filename: file.fileName,
			data: file.data,
			relatedModuleId: String(options.relatedRecordId ?? ''),
			relatedModuleName: String(options.relatedModule ?? ''),
		});
		return {};
	},
	async download(item, recordId) {
		const found = await item.service2().getNoteAttachment(recordId);
		return { fileName: found.filename, data: found.data };
	},
};

/** A document's next revision label: one more than its current number, else "1". */
function nextRevision(current: unknown): string {
	const n = Number.parseInt(String(current ?? ''), 10);
	return Number.isFinite(n) && n >= 0 ? String(n + 1) : '1';
}

const documents: FileHolder = {
	titleFields: ['document_name', 'name'],
	newRecord: () => ({}),
	async upload(item, recordId, file, created) {
		const wanted = String(item.options.revision ?? '').trim();
		const revision = wanted || (created ? '1' : nextRevision((await fetchRecord(item, recordId)).revision));
		const { id } = await item.service2().setDocumentRevision({ documentId: recordId, filename: file.fileName, data: file.data, revision });
		return { revisionId: id, revision };
	},
	async download(item, recordId) {
		const given = String(item.options.revisionId ?? '').trim();
		const revisionId = given || String((await fetchRecord(item, recordId)).document_revision_id ?? '');
		if (!revisionId)
			throw sarvError(
				'notFound',
				{ code: 21, message: `Document ${recordId} has no file yet (no revision)` },
				{ module: 'Documents', recordId },
			);
		const found = await item.service2().getDocumentRevision(revisionId);
		return { fileName: found.filename, data: found.data, revisionId: found.id, revision: found.revision };
	},
};

const HOLDERS: Record<string, FileHolder> = { Notes: notes, Documents: documents };

/** The modules that hold files, and how. */
export function fileHolder(module: SarvModule): FileHolder | undefined {
	return HOLDERS[module.key];
}
