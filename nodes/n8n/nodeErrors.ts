import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { SarvApiError, SarvInputError, findSarvApiError } from '../core/errors';
import type { SarvFailure } from '../core/failure';

/** Where an item failed: added once, where items are run. */
export interface ItemSite {
	operation: string;
	/** The operation writes: a dropped connection may have written already */
	writes?: boolean;
	itemIndex?: number;
	/** Items of the run written before it stopped at this error (the counts below: exact, this item among the failed) */
	written?: number;
	failed?: number;
	/** Failed items the server left out silently */
	skipped?: number;
	/** Items never sent because the run stopped */
	notSent?: number;
	/** What running again will do */
	rerun?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The stopped run's tally, every count exact. */
function stoppedNote(site: ItemSite): string {
	const parts = [
		site.written
			? `${plural(site.written, 'other item was', 'other items were')} written and stay written (SarvCRM has no transactions)`
			: 'no other item was written',
		site.failed
			? `${plural(site.failed, 'item', 'items')} failed, this one included${site.skipped ? ` (${site.skipped} skipped by SarvCRM)` : ''}`
			: '',
		site.notSent ? `${plural(site.notSent, 'item was', 'items were')} not sent` : '',
	].filter(Boolean);
	return `The run stopped here: ${parts.join('; ')}.${site.rerun ? ` ${site.rerun}` : ''}`;
}

function facts(failure: SarvFailure): string {
	return [
		failure.code !== undefined ? `SarvCRM error code ${failure.code}` : undefined,
		failure.httpStatus ? `HTTP ${failure.httpStatus}` : undefined,
		failure.bodyStatus ? `status ${failure.bodyStatus} in the reply` : undefined,
	]
		.filter(Boolean)
		.join(', ');
}

function apiError(node: INode, error: SarvApiError, site: ItemSite): NodeApiError {
	const { failure } = error;
	const place = [
		`operation "${site.operation}"`,
		error.site.module && `module ${error.site.module}`,
		error.site.recordId && `record ${error.site.recordId}`,
	]
		.filter(Boolean)
		.join(', ');
	const writeNote =
		failure.kind === 'network' && site.writes
			? ' The request may have reached SarvCRM before the connection broke, and SarvCRM has no idempotency key: retrying a Create can make a duplicate record. Check first, or use "Create or Update" to retry safely.'
			: '';
	const known = facts(failure);
	// A clean object as the error response: the original error holds the request, headers included.
	const response: JsonObject = {
		message: failure.message,
		sarvErrorCode: failure.code ?? null,
		httpStatus: failure.httpStatus ?? null,
		kind: failure.kind,
		operation: site.operation,
		module: error.site.module ?? null,
		recordId: error.site.recordId ?? null,
	};
	return new NodeApiError(node, response, {
		message: failure.message,
		description: `${failure.hint}${writeNote} (${known ? `${known}; ` : ''}${place})`,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex: site.itemIndex,
	});
}

/** The one place where the core's two error types become n8n's. */
export function toNodeError(node: INode, error: unknown, site: ItemSite): NodeApiError | NodeOperationError {
	const converted = convert(node, error, site);
	if (site.written || site.notSent || (site.failed ?? 0) > 1)
		converted.description = `${converted.description ?? ''} ${stoppedNote(site)}`.trim();
	return converted;
}

function convert(node: INode, error: unknown, site: ItemSite): NodeApiError | NodeOperationError {
	const sarv = error instanceof SarvApiError ? error : findSarvApiError(error);
	if (sarv) return apiError(node, sarv, site);
	if (error instanceof SarvInputError) {
		return new NodeOperationError(node, error.message, { itemIndex: site.itemIndex, description: error.hint });
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context && site.itemIndex !== undefined) error.context.itemIndex = site.itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex: site.itemIndex });
}
