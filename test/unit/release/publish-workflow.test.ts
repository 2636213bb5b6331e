import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** n8n verification: published from GitHub Actions with provenance, via npm trusted publishing (OIDC). */
const workflow = readFileSync(join(__dirname, '..', '..', '..', '.github', 'workflows', 'publish.yml'), 'utf8');

describe('.github/workflows/publish.yml', () => {
	it('may request an OIDC token (trusted publishing and provenance)', () => {
		expect(workflow).toMatch(/^permissions:\n(?:\s+.*\n)*?\s+id-token: write/m);
	});

	it('publishes with provenance, and only after the official lint, tests and scan', () => {
		const steps = [...workflow.matchAll(/- run: (.+)/g)].map((m) => m[1].trim());
		const publish = steps.indexOf('npm publish --provenance --access public');
		expect(publish).toBe(steps.length - 1);
		for (const gate of ['npm ci', 'npm run lint:official', 'npm test', 'npm run scan']) {
			expect(steps.indexOf(gate)).toBeGreaterThanOrEqual(0);
			expect(steps.indexOf(gate)).toBeLessThan(publish);
		}
	});

	it('uses no long-lived npm token', () => {
		expect(workflow).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|secrets\./);
	});
});
