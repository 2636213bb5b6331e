// The lint of n8n's `n8n-node` tool, unchanged: @n8n/node-cli's default ESLint config.
// `npm run lint:official` (scripts/lint-official.mjs) runs it on nodes/, credentials/ and package.json.
import { config } from '@n8n/node-cli/eslint';

export default config;
