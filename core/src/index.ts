// The whole pure core, by area. Prefer the area entry points (`@incydr-health/core/health/index`) in code that
// needs one area only; this barrel exists for callers (the n8n nodes) that use most of them.
export * from './incydr/index.js';
export * from './hr/index.js';
export * from './matching/index.js';
export * from './health/index.js';
