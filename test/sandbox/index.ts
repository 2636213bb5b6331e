/** Public entry of the SarvCRM sandbox (see server.ts). */
export { SarvCrmSandbox, DEFAULT_USERS, redact, parseWhere } from './server';
export type { SandboxOptions, SandboxLogEntry, SandboxUser, Fault, WhereAst } from './server';
export { parseOrderBy, SqlError } from './where';
export { moduleFields, describeModule, OPTION_SETS } from './fields';
export { prng, SEED } from './seed';
export { DEFAULT_PROFILE, PROFILE_KEYS, PROFILE_VALUES, SUITECRM7_PHP8, mergeProfile, parseProfileText, profileVariants } from './profile';
export type { SandboxProfile, ProfileKey } from './profile';
