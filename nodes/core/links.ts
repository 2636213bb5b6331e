/** Where a record opens in the SarvCRM web app: index.php beside API.php, with the instance key. */
export function recordUrl(baseUrl: string, utype: string, module: string, id: string): string {
	const base = new URL(baseUrl);
	const path = base.pathname.replace(/[^/]*$/, 'index.php');
	const qs = new URLSearchParams({ utype, module, action: 'DetailView', record: id });
	return `${base.origin}${path}?${qs.toString()}`;
}
