import { ExecutionBaseError } from 'n8n-workflow';

import type { SarvFailure } from './failure';

/** Where a call was made, so a message can name the module and record. */
export interface SarvCallSite {
	module?: string;
	recordId?: string;
}

/**
 * A call SarvCRM (or the way to it) refused. The failure was classified once, when the
 * reply came in; n8n's NodeApiError is built from it at the edge (nodes/n8n/nodeErrors.ts).
 * It is an ExecutionBaseError and keeps the failure in its `context`: when a credential's
 * preAuthentication throws it, n8n wraps it in a NodeApiError that drops the original but
 * takes over an ExecutionBaseError's context, so the failure survives the wrapping.
 */
export class SarvApiError extends ExecutionBaseError {
	readonly failure: SarvFailure;

	readonly site: SarvCallSite;

	constructor(failure: SarvFailure, site: SarvCallSite = {}) {
		super(failure.message);
		this.name = 'SarvApiError';
		this.failure = failure;
		this.site = site;
		this.description = failure.hint;
		this.context = { ...this.context, sarvFailure: failure, sarvSite: site };
	}
}

/** Bad input, found before anything is sent: names the field and what to do. */
export class SarvInputError extends Error {
	constructor(
		message: string,
		readonly field: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'SarvInputError';
	}
}

/** The SarvApiError an error is, or wraps (see the class comment). */
export function findSarvApiError(error: unknown): SarvApiError | undefined {
	if (error instanceof SarvApiError) return error;
	const context = (error as { context?: { sarvFailure?: SarvFailure; sarvSite?: SarvCallSite } } | undefined)?.context;
	return context?.sarvFailure ? new SarvApiError(context.sarvFailure, context.sarvSite) : undefined;
}
