import type { INodeProperties } from 'n8n-workflow';

import { SARV_MODULES } from '../modules';

/** The Resource picker: one entry per SarvCRM module, straight from the module table. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: SARV_MODULES.map((m) => ({
		name: m.label,
		value: m.key,
		description: `SarvCRM module ${m.key}`,
	})).sort((a, b) => a.name.localeCompare(b.name)),
	default: 'Leads',
};
