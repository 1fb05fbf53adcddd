/**
 * The audit trail's hash chain. Each entry's hash is SHA-256 over the previous hash and the entry's canonical
 * content, so editing, deleting or reordering any row breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: number;
  actor: string;
  action: string;
  target: string;
  /** Already-serialised JSON, hashed exactly as stored. */
  details: string;
}

export interface ChainedRow extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
}

export function chainHash(prevHash: string, entry: AuditContent): string {
  // A JSON array gives an unambiguous encoding: no field can bleed into the next.
  const canonical = JSON.stringify([prevHash, entry.at, entry.actor, entry.action, entry.target, entry.details]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtId: number; problem: 'content-changed' | 'link-broken' };

/** Walks rows in id order; `checked` counts the rows that verified before the first break. */
export function verifyChain(rows: readonly ChainedRow[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, checked, brokenAtId: row.id, problem: 'link-broken' };
    if (chainHash(prev, row) !== row.hash) return { ok: false, checked, brokenAtId: row.id, problem: 'content-changed' };
    prev = row.hash;
    checked += 1;
  }
  return { ok: true, checked };
}
