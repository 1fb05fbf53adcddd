/** The Hono environment shared by every route module, and small response helpers. */
import type { Context, Hono } from 'hono';
import type { CallContext, IncydrState } from './state.js';

export interface SandboxEnv {
  Variables: { call: CallContext };
}

export type SandboxApp = Hono<SandboxEnv>;

export type RouteModule = (app: SandboxApp, state: IncydrState) => void;

export function callOf(c: Context<SandboxEnv>): CallContext {
  return c.get('call');
}

/** Compares two values for sorting, nulls first, text case-insensitively. */
export function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}
