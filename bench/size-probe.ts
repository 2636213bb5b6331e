/**
 * Child process of scenario 6: loads the built node and trigger from dist/ and prints
 * the size of their descriptions as JSON. With `--modules N` it first cuts the module
 * table to its first N modules, so the description can be compared with a 1-module
 * variant (a fresh process: the cut never reaches the other scenarios).
 */
import path from 'node:path';

const DIST = path.resolve(__dirname, '..', 'dist', 'nodes');

interface Described {
	description: { properties: unknown[] };
}

/** Every parameter, nested ones (collection options, fixedCollection values) included. */
function countParameters(properties: unknown[]): number {
	let n = 0;
	for (const p of properties as Array<{
		options?: Array<{ values?: unknown[]; type?: unknown; name?: unknown; displayName?: unknown }>;
		type?: string;
	}>) {
		n += 1;
		if (p.type === 'collection' && Array.isArray(p.options)) n += countParameters(p.options);
		if (p.type === 'fixedCollection' && Array.isArray(p.options)) for (const o of p.options) n += countParameters(o.values ?? []);
	}
	return n;
}

/**
 * Bytes of the module lists outside the Resource dropdown and the Operation properties: option lists
 * whose every value is a module key, and the modules a parameter is shown on; nested ones included.
 */
function moduleLists(properties: unknown[]): number {
	const keys = new Set((modules.SARV_MODULES as Array<{ key: string }>).map((m) => m.key));
	let bytes = 0;
	for (const p of properties as Array<{
		name?: string;
		type?: string;
		options?: Array<{ value?: unknown; values?: unknown[] }>;
		displayOptions?: { show?: { resource?: unknown[] } };
	}>) {
		// Parameters shown on some modules only (phone search, file options) name them.
		const shownOn = p.displayOptions?.show?.resource;
		if (p.name !== 'operation' && Array.isArray(shownOn)) bytes += Buffer.byteLength(JSON.stringify(shownOn));
		if (p.name === 'resource' || !Array.isArray(p.options)) continue;
		if (p.type === 'collection') bytes += moduleLists(p.options);
		else if (p.type === 'fixedCollection') for (const o of p.options) bytes += moduleLists(o.values ?? []);
		else if (p.options.length && p.options.every((o) => keys.has(String(o.value)))) bytes += Buffer.byteLength(JSON.stringify(p.options));
	}
	return bytes;
}

const arg = process.argv.indexOf('--modules');
const keep = arg > 0 ? Number(process.argv[arg + 1]) : undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const modules = require(path.join(DIST, 'core', 'modules.js')) as { SARV_MODULES: unknown[] };
if (keep !== undefined) modules.SARV_MODULES.splice(keep);

const load = (file: string, className: string): Described => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Type = (require(path.join(DIST, file)) as Record<string, new () => Described>)[className];
	return new Type();
};
const node = load('SarvCrm/SarvCrm.node.js', 'SarvCrm');
const trigger = load('SarvCrmTrigger/SarvCrmTrigger.node.js', 'SarvCrmTrigger');
const measure = (d: Described) => ({
	bytes: Buffer.byteLength(JSON.stringify(d.description)),
	topLevel: d.description.properties.length,
	parameters: countParameters(d.description.properties),
	/** One Operation property per module: n8n's nodes panel builds a module's actions from it. */
	operationProperties: (d.description.properties as Array<{ name: string }>).filter((p) => p.name === 'operation').length,
	operationBytes: Buffer.byteLength(
		JSON.stringify((d.description.properties as Array<{ name: string }>).filter((p) => p.name === 'operation')),
	),
	/**
	 * Module names outside the dropdown: the subtitle's map of module names and every list of modules
	 * a parameter offers (Upload File's Related Module). Data from the module table, one entry a module.
	 */
	moduleListBytes:
		Buffer.byteLength(JSON.stringify((d.description as { subtitle?: string }).subtitle ?? '')) + moduleLists(d.description.properties),
	/** The module dropdown: with the Operation properties, the parts that grow with the module table. */
	resourceOptionsBytes: Buffer.byteLength(
		JSON.stringify(
			(d.description.properties as Array<{ name: string; options?: unknown }>).find((p) => p.name === 'resource')?.options ?? [],
		),
	),
});
process.stdout.write(JSON.stringify({ modules: modules.SARV_MODULES.length, node: measure(node), trigger: measure(trigger) }));
