import type { IDataObject } from 'n8n-workflow';

/** SarvCRM replies are JSON; error pages and "MySQL Error" replies are not: parse defensively. */
export function parseMaybeJson(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	const text = bodyText(body);
	if (!text.trim()) return undefined;
	try {
		const parsed = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

export function bodyText(body: unknown): string {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return typeof body === 'string' ? body : '';
}

/** `message` comes as a string or an array of strings. */
export function messageText(message: unknown): string {
	if (Array.isArray(message)) return message.map((m) => String(m)).join(' ');
	if (message === undefined || message === null) return '';
	return typeof message === 'string' ? message : JSON.stringify(message);
}

/** Records of a Retrieve-style reply: `data` is a list (an object of records is accepted too). */
export function asRecordList(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.filter((r): r is IDataObject => !!r && typeof r === 'object');
	if (data && typeof data === 'object') {
		return Object.values(data as IDataObject).filter((r): r is IDataObject => !!r && typeof r === 'object');
	}
	return [];
}

/** One record by id: `data: [record]`, or on older servers the object itself. */
export function unwrapRecord(data: unknown): IDataObject | undefined {
	if (Array.isArray(data)) return (data[0] as IDataObject | undefined) ?? undefined;
	if (data && typeof data === 'object' && Object.keys(data).length) {
		// An object keyed by record id (some servers) holds the record one level down.
		const values = Object.values(data as IDataObject);
		if (!('id' in (data as IDataObject)) && values.length === 1 && values[0] && typeof values[0] === 'object') {
			return values[0] as IDataObject;
		}
		return data as IDataObject;
	}
	return undefined;
}
