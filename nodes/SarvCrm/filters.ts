import { filtersNeedFields, readFilterValues } from '../core/filterValues';
import type { FilterCondition } from '../core/where';
import type { ItemContext } from './operation';
import { calendarOf } from '../core/dates';

/**
 * The Filters of an item, values read by their fields' types (Persian digits, Jalali dates,
 * phone forms, date-times in the workflow's time zone). The module's fields are loaded only when a value could read differently.
 */
export async function readFilters(item: ItemContext): Promise<FilterCondition[]> {
	const { conditions = [] } = item.param<{ conditions?: FilterCondition[] }>('filters', {});
	const calendar = calendarOf(item.options);
	if (!filtersNeedFields(conditions, calendar, item.timeZone)) return conditions;
	return readFilterValues(conditions, await item.fields.fields(item.module.key), calendar, item.timeZone);
}
