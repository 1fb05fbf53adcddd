/** Identity matching in one import. */
export * from './types.js';
export { matchIdentities, METHOD_CONFIDENCE, type MatchInput } from './match.js';
export { compileAllowlist, AllowlistError, type Allowlist } from './allowlist.js';
export { normalizeIdentityKey, normalizeEmployeeId } from './normalize.js';
export { rememberEmails, memoryKey, type EmailMemory, type EmailChange } from './email-memory.js';
export { suggestByName, type NameSuggestion } from './name-suggestions.js';
