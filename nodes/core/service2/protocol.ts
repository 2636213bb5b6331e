/**
 * The wire format of service2 (SuiteCRM's `service/core/REST/SugarRestJSON.php`): `POST rest.php` with
 * `method`, `input_type=JSON`, `response_type=JSON` and `rest_data`, the method's arguments. Two
 * encodings exist: SuiteCRM's form fields with a JSON string of the POSITIONAL arguments, and the JSON
 * body with NAMED arguments that the one public client of SarvCRM's (customised) service2 sends.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { bodyText, parseMaybeJson } from '../replies';
import type { Service2Knowledge } from '../server';
import { bodyWithFiles } from './body';

/** SuiteCRM's form fields, or the JSON body of SarvCRM's client (what a server takes is kept in ../server.ts). */
export type Service2Encoding = NonNullable<Service2Knowledge['encoding']>;

/** The JSON body first: the only encoding seen working on SarvCRM itself. */
export const ENCODINGS: readonly Service2Encoding[] = ['json', 'form'];

/** Parameter names of each method, in order (PHP 8 binds a named `rest_data` by these names). */
export const SERVICE2_PARAMS = {
	login: ['user_auth', 'application_name', 'name_value_list'],
	logout: ['session'],
	set_note_attachment: ['session', 'note'],
	get_note_attachment: ['session', 'id'],
	set_document_revision: ['session', 'document_revision'],
	get_document_revision: ['session', 'id'],
	get_entry_list: [
		'session',
		'module_name',
		'query',
		'order_by',
		'offset',
		'select_fields',
		'link_name_to_fields_array',
		'max_results',
		'deleted',
		'favorites',
	],
	get_entries_count: ['session', 'module_name', 'query', 'deleted'],
	set_entries: ['session', 'module_name', 'name_value_lists'],
	get_module_fields: ['session', 'module_name', 'fields'],
} as const;

export type Service2Method = keyof typeof SERVICE2_PARAMS;
export const SERVICE2_METHOD_NAMES = Object.keys(SERVICE2_PARAMS) as Service2Method[];

/** Arguments by name; a name the method lacks is never sent (PHP 8 would fail on it). */
export type Service2Args = Partial<Record<string, unknown>>;

/** The arguments in the method's order; trailing unset ones are left out (PHP defaults apply). */
export function positional(method: string, args: Service2Args, names: readonly string[] = paramsOf(method)): unknown[] {
	const list = names.map((n) => args[n]);
	while (list.length && list[list.length - 1] === undefined) list.pop();
	return list.map((v) => (v === undefined ? '' : v));
}

export function named(method: string, args: Service2Args, names: readonly string[] = paramsOf(method)): IDataObject {
	return Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]])) as IDataObject;
}

function paramsOf(method: string): readonly string[] {
	return (SERVICE2_PARAMS as Record<string, readonly string[]>)[method] ?? ['session'];
}

/**
 * The HTTP request of one call. A file is given as a Buffer among the arguments: it goes into the
 * body (one Buffer, see body.ts) as base64, and n8n's helpers send that Buffer as it is.
 */
export function service2Request(url: string, encoding: Service2Encoding, method: string, args: Service2Args): IHttpRequestOptions {
	const envelope = { method, input_type: 'JSON', response_type: 'JSON' };
	const body =
		encoding === 'json'
			? bodyWithFiles(named(method, args), 'json', (restData) => JSON.stringify({ ...envelope, rest_data: restData }))
			: bodyWithFiles(positional(method, args), 'form', (list) =>
					new URLSearchParams({ ...envelope, rest_data: JSON.stringify(list) }).toString(),
				);
	return {
		method: 'POST',
		url,
		body,
		headers: {
			Accept: 'application/json',
			// Not the bare form type: n8n's helpers would parse and re-encode a body sent with it.
			'Content-Type': encoding === 'json' ? 'application/json; charset=UTF-8' : 'application/x-www-form-urlencoded; charset=UTF-8',
		},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// The login carries the MD5 and every call the session: never replayed to a host a redirect names.
		disableFollowRedirect: true,
	};
}

/** What a reply is, before any classification of errors. */
export type ReplyShape =
	| { type: 'json'; body: IDataObject | null }
	/** The server did not read the call: it printed something else (SuiteCRM's class dump, an empty body) or `invalid_call` */
	| { type: 'notUnderstood'; text: string }
	| { type: 'absent' }
	| { type: 'other'; status: number; text: string };

/** SuiteCRM's answer to a call whose method it did not read: `set_error('invalid_call')` is undefined, so -1. */
export function isInvalidCall(body: IDataObject | null | undefined): boolean {
	return !!body && String(body.number ?? '') === '-1';
}

/**
 * The shape of a reply to a method that exists. `null` is a JSON reply too (logout answers it).
 * A 200 that is not JSON, or an `invalid_call`, means the encoding was not understood.
 */
export function replyShape(statusCode: number | undefined, raw: unknown): ReplyShape {
	const status = statusCode ?? 200;
	const text = typeof raw === 'string' || Buffer.isBuffer(raw) ? bodyText(raw) : '';
	if (status === 404) return { type: 'absent' };
	const parsed = raw === null || text.trim() === 'null' ? null : parseMaybeJson(raw);
	if (status >= 300)
		return { type: 'other', status, text: parsed === undefined ? text.slice(0, 300) : JSON.stringify(parsed).slice(0, 300) };
	if (parsed === undefined) return { type: 'notUnderstood', text: text.slice(0, 300) };
	if (isInvalidCall(parsed)) return { type: 'notUnderstood', text: JSON.stringify(parsed).slice(0, 300) };
	return { type: 'json', body: parsed };
}
