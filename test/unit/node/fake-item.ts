/** A plain ItemContext for the action node's unit tests: parameters from a dict, no n8n engine. */
import type { IDataObject } from 'n8n-workflow';

import type { SarvClient } from '../../../nodes/core/client';
import type { FieldStore } from '../../../nodes/core/fieldStore';
import type { SarvModule } from '../../../nodes/core/modules';
import type { ItemContext, SarvOperation } from '../../../nodes/SarvCrm/operation';
import { fieldsToAsk, recordOutput } from '../../../nodes/SarvCrm/settings';

export const LEADS: SarvModule = {
	key: 'Leads',
	label: 'Leads',
	singular: 'lead',
	plural: 'leads',
	table: 'leads',
	a: 'a',
	holdsPhones: true,
};
export const INVOICES: SarvModule = {
	key: 'AOS_Invoices',
	label: 'Invoices',
	singular: 'invoice',
	plural: 'invoices',
	table: 'aos_invoices',
	a: 'an',
	holdsPhones: false,
};

/** A resource locator value as n8n stores it; `param(name, fallback, true)` gives its `value`. */
export interface Locator {
	__rl: true;
	mode: string;
	value: string;
}

const isLocator = (v: unknown): v is Locator => !!v && typeof v === 'object' && (v as Locator).__rl === true;

export interface FakeItem {
	params?: Record<string, unknown>;
	options?: IDataObject;
	json?: IDataObject;
	version?: number;
	module?: SarvModule;
	operation?: Partial<SarvOperation>;
}

export const recordUrl = (module: string, id: string) => `https://crm.test/${module}/${id}`;

export function fakeItem(fake: FakeItem = {}): ItemContext {
	const { params = {}, options = {}, json = {}, version = 1.1, module = LEADS, operation = {} } = fake;
	const client = { recordUrl } as unknown as SarvClient;
	const item: ItemContext = {
		client,
		fields: {} as FieldStore,
		module,
		operation: { value: 'fake', name: 'Fake', description: '', action: () => 'Fake', read: () => undefined, ...operation },
		itemIndex: 0,
		origin: 'workflow\u0000node',
		json,
		files: {
			has: () => false,
			read: () => Promise.reject(new Error('no files in a fake item')),
			write: () => Promise.reject(new Error('no files')),
		},
		service2: () => {
			throw new Error('no service2 in a fake item');
		},
		options,
		param<T>(name: string, fallback: T, extractValue?: boolean): T {
			if (!(name in params)) return fallback;
			const value = params[name];
			return (extractValue && isLocator(value) ? value.value : value) as T;
		},
		run: { maxParallel: 4, version, bulkWrite: false, batchSize: 100, continueOnFail: false, output: { mode: 'raw' }, fieldsToAsk: [] },
		timeZone: 'UTC',
		writeRun: {
			id: 'fake-run',
			kept: false,
			usedChosenIds: false,
			usedKeys: false,
			newId: () => {
				throw new Error('no new records in a fake item');
			},
		},
	};
	// Read from the item's own parameters, as the runner reads them from the first item.
	item.run.output = recordOutput(item);
	item.run.fieldsToAsk = fieldsToAsk(item);
	return item;
}

/** What a call threw (fails the test when it returned). */
export function thrown(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a throw, got a return');
}
