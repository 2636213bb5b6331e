/**
 * Headless Debian Chromium driven by playwright-core: signs in to n8n, opens a workflow with the
 * SarvCRM node, opens the node and a field dropdown that loads live from the sandbox.
 */
import { existsSync, mkdirSync } from 'fs';
import { dirname } from 'path';

import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags from the machine notes: no sandbox as root, and no background network (closed network). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export async function launch(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { chromium } = require('playwright-core') as typeof import('playwright-core');
	return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
	await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('input[type="email"], input[name="email"], input[name="emailOrLdapLoginId"]').first().fill(email);
	await page.locator('input[type="password"]').first().fill(password);
	await page.locator('button:has-text("Sign in")').first().click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60000 });
}

export async function shot(page: Page, path: string): Promise<void> {
	mkdirSync(dirname(path), { recursive: true });
	await page.screenshot({ path });
}
