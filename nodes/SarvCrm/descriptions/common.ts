import type { IDisplayOptions } from 'n8n-workflow';

import type { SarvOperation } from './operations';

/** The package's mark, relative to a compiled node file (dist/nodes/<Node>/). */
export const NODE_ICON = { light: 'file:../../icons/sarvcrm.svg', dark: 'file:../../icons/sarvcrm.dark.svg' } as const;

/** Shows a parameter for the given operations of every module. */
export function forOperations(...operations: SarvOperation[]): IDisplayOptions {
	return { show: { operation: operations } };
}

/** The same, for an option inside a collection: `/` points at the node's top-level parameter. */
export function forOperationsInCollection(...operations: SarvOperation[]): IDisplayOptions {
	return { show: { '/operation': operations } };
}

/** Dropdowns that read the module's fields reload when the module changes. */
export const DEPENDS_ON_MODULE = { loadOptionsDependsOn: ['resource'] };
