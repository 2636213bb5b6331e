import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * n8n's nodes panel lists a resource's actions only from an operation property whose
 * `displayOptions.show.resource` names that resource, and names a node added from an
 * action after the option's `action` text. So every module gets its own operation
 * property, generated here from the module table and one list of operations.
 */

/** The English nouns of one module, as action texts use them. */
export interface ActionNouns {
	key: string;
	singular: string;
	plural: string;
}

/**
 * One operation. `action` and `description` are templates: `{singular}`, `{plural}`, and
 * `{a singular}` (the singular with its article: "a lead", "an invoice").
 */
export interface OperationTemplate {
	value: string;
	name: string;
	action: string;
	description: string;
}

export function withArticle(noun: string): string {
	return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function fillTemplate(template: string, nouns: ActionNouns): string {
	return template
		.replace(/\{a singular\}/g, withArticle(nouns.singular))
		.replace(/\{singular\}/g, nouns.singular)
		.replace(/\{plural\}/g, nouns.plural);
}

/** One `operation` property per module, each shown only for its own resource. */
export function operationPropertiesByResource(
	modules: readonly ActionNouns[],
	operations: readonly OperationTemplate[],
	defaultOperation: string,
): INodeProperties[] {
	if (!operations.some((o) => o.value === defaultOperation)) {
		throw new Error(`default operation "${defaultOperation}" is not in the operation list`);
	}
	return modules.map((module) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [module.key] } },
		options: operations.map(
			(o): INodePropertyOptions => ({
				name: o.name,
				value: o.value,
				action: fillTemplate(o.action, module),
				description: fillTemplate(o.description, module),
			}),
		),
		default: defaultOperation,
	}));
}
