'use strict';
// The few n8n REST calls we need: owner setup, login (cookie), and a cookie-carrying fetch.

const DEFAULT_OWNER = {
	email: 'admin@sarvcrm.example.com',
	password: 'SarvDemo-2024',
	firstName: 'Sarv',
	lastName: 'Demo',
};

function owner() {
	return {
		...DEFAULT_OWNER,
		email: process.env.N8N_OWNER_EMAIL || DEFAULT_OWNER.email,
		password: process.env.N8N_OWNER_PASSWORD || DEFAULT_OWNER.password,
	};
}

// n8n ties the auth cookie to this header's value
const BROWSER_ID = 'sarvcrm-scripts';

async function json(res) {
	const text = await res.text();
	try {
		return JSON.parse(text);
	} catch {
		return { raw: text };
	}
}

/** Creates the owner account once. Returns 'created' or 'exists'. */
async function setupOwner(url, who = owner()) {
	const settings = await json(await fetch(`${url}/rest/settings`));
	const showSetup = settings?.data?.userManagement?.showSetupOnFirstLoad;
	if (showSetup === false) return 'exists';
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(who),
	});
	if (res.ok) return 'created';
	const body = await json(res);
	if (res.status === 400 && /already/i.test(JSON.stringify(body))) return 'exists';
	throw new Error(`owner setup failed: HTTP ${res.status} ${JSON.stringify(body)}`);
}

/** Logs in; returns a fetch function that sends the session cookie, plus the cookie itself. */
async function login(url, who = owner()) {
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'browser-id': BROWSER_ID },
		// 1.x takes `email`, 2.x `emailOrLdapLoginId`: send both
		body: JSON.stringify({ email: who.email, emailOrLdapLoginId: who.email, password: who.password }),
	});
	if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
	const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')])
		.filter(Boolean)
		.map((c) => c.split(';')[0])
		.join('; ');
	const api = async (path, init = {}) => {
		const r = await fetch(`${url}${path}`, {
			...init,
			headers: {
				'Content-Type': 'application/json',
				'browser-id': BROWSER_ID,
				...(init.headers || {}),
				cookie,
			},
		});
		const body = await json(r);
		if (!r.ok)
			throw Object.assign(new Error(`${init.method || 'GET'} ${path}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 2000)}`), {
				status: r.status,
				body,
			});
		return body;
	};
	return { api, cookie };
}

module.exports = { owner, setupOwner, login, DEFAULT_OWNER };
