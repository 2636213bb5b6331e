import { isTimeZone } from '../core/dates';

/**
 * The zone a date-time typed without an offset is read in: the workflow's time zone (its
 * setting, else the instance's GENERIC_TIMEZONE), n8n's convention; UTC if n8n names none Intl knows.
 */
export function workflowTimeZone(fn: { getTimezone(): string }): string {
	const zone = fn.getTimezone();
	return isTimeZone(zone) ? zone : 'UTC';
}
