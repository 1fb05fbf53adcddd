export * from './incydr/types.js';
export * from './hr/person.js';
export * from './matching/types.js';
export * from './health/plan-types.js';
