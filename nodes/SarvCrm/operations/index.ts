import type { SarvOperation } from '../operation';
import { count } from './count';
import { create } from './create';
import { deleteOperation } from './delete';
import { downloadFile } from './downloadFile';
import { get } from './get';
import { getFields } from './getFields';
import { getMany } from './getMany';
import { getRelated } from './getRelated';
import { linkRelated } from './linkRelated';
import { searchByNumber } from './searchByNumber';
import { update } from './update';
import { uploadFile } from './uploadFile';
import { upsert } from './upsert';

/** Every operation of the node, in the order the Operation picker lists them. Add one here. */
export const OPERATIONS: readonly SarvOperation[] = [
	create,
	upsert,
	deleteOperation,
	get,
	getFields,
	getMany,
	getRelated,
	linkRelated,
	searchByNumber,
	update,
	uploadFile,
	downloadFile,
	count,
];
