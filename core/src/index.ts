export * from './incydr/types.js';
export * from './hr/person.js';
