import type { Harness } from './index';

/**
 * Points the default credential at the same sandbox under another name: to the node another
 * server (own Base URL and service2 address), so nothing it learned per server carries over.
 */
export function asAnotherServer(h: Harness, name: string): void {
	const service2Url = `${h.url.replace(/API\.php$/, 'service2/v4_1/rest.php')}?utype=demo&server=${name}`;
	h.credentials.set({ ...h.credentials.get(), baseUrl: `${h.url}?server=${name}`, service2Url });
}
