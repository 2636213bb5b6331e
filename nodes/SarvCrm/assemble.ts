import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { SarvModule } from '../core/modules';
import type { SarvOperation } from './operation';
import { maxParallelOption } from './parameters/options';

/**
 * The Operation picker, once per module: n8n's node panel lists a resource's actions from
 * the operation property whose `displayOptions.show.resource` names it ("Create a lead").
 */
export function operationProperties(modules: readonly SarvModule[], operations: readonly SarvOperation[]): INodeProperties[] {
	return modules.map((module) => {
		const own = operations.filter((op) => !op.appliesTo || op.appliesTo(module));
		const picker: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [module.key] } },
			options: own.map((op) => ({ name: op.name, value: op.value, action: op.action(module), description: op.description })),
			default: '',
		};
		// Saved workflows that omit the Operation rely on this default: the operation that says it is.
		picker.default = (own.find((op) => op.isDefault) ?? own[0])?.value ?? '';
		return picker;
	});
}

/**
 * The node's subtitle on the canvas, "Get Many: Leads": the operation's and the module's names
 * looked up from their values (n8n evaluates it as an expression; the raw values would read
 * "getAll: Leads"). A value the lists lack (an old or mistyped one) shows as it is.
 */
export function subtitleExpression(modules: readonly SarvModule[], operations: readonly SarvOperation[]): string {
	const names = JSON.stringify(Object.fromEntries(operations.map((op) => [op.value, op.name])));
	const labels = JSON.stringify(Object.fromEntries(modules.map((m) => [m.key, m.label])));
	// flat objects only: a "}}" inside would end the expression early
	return (
		`={{ (${names}[$parameter["operation"]] || $parameter["operation"]) + ": " + ` +
		`(${labels}[$parameter["resource"]] || $parameter["resource"]) }}`
	);
}

function withOperations(property: INodeProperties, operations: string[], key: 'operation' | '/operation'): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), [key]: operations };
	const displayOptions: IDisplayOptions = { ...property.displayOptions, show };
	return { ...property, displayOptions };
}

/** Groups a list of (property, operation) pairs: a property shared by operations is one parameter. */
function scoped(pairs: Array<[INodeProperties, string]>, key: 'operation' | '/operation'): INodeProperties[] {
	const byProperty = new Map<INodeProperties, string[]>();
	for (const [property, operation] of pairs) byProperty.set(property, [...(byProperty.get(property) ?? []), operation]);
	return [...byProperty].map(([property, ops]) => withOperations(property, ops, key));
}

function optionsCollection(operations: readonly SarvOperation[], withV1: boolean, version: IDisplayOptions['show']): INodeProperties {
	const pairs = operations.flatMap((op) =>
		[...(op.options ?? []), ...(withV1 ? (op.optionsV1 ?? []) : [])].map((p): [INodeProperties, string] => [p, op.value]),
	);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: version },
		options: [maxParallelOption, ...scoped(pairs, '/operation')].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Each operation's parameters and Options entries, shown only where they apply. */
export function operationParameters(operations: readonly SarvOperation[], latest: number): INodeProperties[] {
	const parameters = scoped(
		operations.flatMap((op) => (op.properties ?? []).map((p): [INodeProperties, string] => [p, op.value])),
		'operation',
	);
	// Version 1 keeps the options later versions replaced, so its workflows run unchanged.
	return [
		...parameters,
		optionsCollection(operations, true, { '@version': [1] }),
		optionsCollection(operations, false, { '@version': [{ _cnd: { gte: latest } }] }),
	];
}
