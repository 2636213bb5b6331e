/**
 * Where records open in the SarvCRM web app: index.php beside API.php, with the instance key.
 * Built once per server: a Return All links every record, and parsing the Base URL for each
 * of 10,000 cost more than the rest of shaping them.
 */
export function recordLinks(baseUrl: string, utype: string): (module: string, id: string) => string {
	const base = new URL(baseUrl);
	const page = `${base.origin}${base.pathname.replace(/[^/]*$/, 'index.php')}?`;
	const prefixes = new Map<string, string>();
	return (module, id) => {
		let prefix = prefixes.get(module);
		if (prefix === undefined) {
			prefix = `${page}${new URLSearchParams({ utype, module, action: 'DetailView' }).toString()}&record=`;
			prefixes.set(module, prefix);
		}
		return prefix + formEncoded(id);
	};
}

/** A value as URLSearchParams writes it; ids are mostly UUIDs, which it leaves as they are. */
function formEncoded(value: string): string {
	return /^[\w.*-]*$/.test(value) ? value : new URLSearchParams({ v: value }).toString().slice(2);
}
