import type { SarvOperation } from '../operation';

export const getFields: SarvOperation<void> = {
	value: 'getFields',
	name: 'Get Fields',
	description: "List the module's fields with their types and options (GetModuleFields)",
	action: (m) => `Get ${m.singular} fields`,
	read: () => undefined,
	async run(item) {
		const fields = await item.fields.fields(item.module.key);
		return fields.map((f) => ({
			name: f.name,
			label: f.label,
			type: f.type,
			required: f.required,
			options: f.options,
			...(f.relatedModule ? { relatedModule: f.relatedModule } : {}),
			...(f.len ? { maxLength: f.len } : {}),
		}));
	},
};
