// ESLint 9 flat config: the rule sets `@n8n/node-cli lint` applies to a community package
// (see node-cli's src/configs/eslint.ts in n8n-io/n8n), wired up without node-cli itself,
// which wants a newer n8n-workflow than our Node 20 toolchain can install.
//
// - package.json: eslint-plugin-n8n-nodes-base `community` + @n8n/community-nodes recommended
// - credentials/**/*.ts: typescript-eslint recommended + n8n-nodes-base `credentials`
// - nodes/**/*.ts: typescript-eslint recommended + n8n-nodes-base `nodes`
// - tests: parsed as TypeScript only, no n8n rules
//
// Rule overrides are the ones node-cli and @n8n/scan-community-package turn off.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { defineConfig, globalIgnores } from 'eslint/config';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.test.ts', '**/*.spec.ts', '**/__tests__/**', 'test/**'];
const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default defineConfig(
	globalIgnores(['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs']),

	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		ignores: TEST_FILES,
		extends: [js.configs.recommended, tseslint.configs.recommended, communityRecommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},

	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },

	{
		files: ['package.json'],
		extends: [communityRecommended],
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},

	{
		files: ['credentials/**/*.ts'],
		ignores: TEST_FILES,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Not valid for community nodes
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// @n8n/community-nodes/credential-password-field is more accurate
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},

	{
		files: ['nodes/**/*.ts'],
		ignores: TEST_FILES,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Inputs and outputs can be the NodeConnectionTypes enum instead of the string "main"
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// A third-party API may really have a maximum page size
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},

	// A polling trigger starts workflows; an agent cannot call it as a tool. Newer versions of
	// this rule (the official @n8n/node-cli lint) exempt triggers, this pinned 0.10.0 does not.
	{
		files: ['nodes/SarvCrmTrigger/SarvCrmTrigger.node.ts', 'nodes/SarvCrmRecordsTrigger/SarvCrmRecordsTrigger.node.ts'],
		rules: { '@n8n/community-nodes/node-usable-as-tool': 'off' },
	},

	// Tests: TypeScript parsing only (syntax errors still fail the lint), no n8n rules.
	{
		files: TEST_FILES.map((glob) => (glob.endsWith('/**') ? `${glob}/*.ts` : glob)),
		languageOptions: { parser: tseslint.parser },
	},
);
