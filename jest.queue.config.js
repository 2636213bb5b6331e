/**
 * Queue-mode suite: n8n 1.x as a main and two workers on Redis and Postgres (scripts/queue/),
 * this package installed from its npm tarball, the SarvCRM sandbox in the test process.
 * Run it with `npm run test:queue` (scripts/queue/run.js prepares n8n, the build and the tarball).
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
