/**
 * End-to-end suite: a real n8n (cached install, see scripts/n8n/) with this package installed
 * from its npm tarball, driven through the n8n CLI, its HTTP server and a headless Chromium.
 * `npm run test:e2e`; E2E_N8N=2 runs it against n8n 2.x on Node 24.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
