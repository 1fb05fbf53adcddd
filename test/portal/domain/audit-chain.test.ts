import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, verifyChain, type ChainedRow } from '../../../portal/src/domain/audit-chain.js';

function chain(n: number): ChainedRow[] {
  const rows: ChainedRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const content = { at: 1_000 * i, actor: `user:u${i}`, action: 'decision.approve', target: `request:${i}`, details: JSON.stringify({ i }) };
    const hash = chainHash(prev, content);
    rows.push({ id: i, ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('verifyChain', () => {
  it('accepts an untouched chain and an empty one', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('finds an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, details: JSON.stringify({ i: 99 }) };
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 2, brokenAtId: 3, problem: 'content-changed' });
  });

  it('finds a deleted row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtId: 3, problem: 'link-broken' });
  });

  it('finds a rewritten row whose hash was recomputed but whose successor still points at the old one', () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, actor: 'user:mallory' };
    forged.hash = chainHash(forged.prevHash, forged);
    rows[1] = forged;
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAtId: 3, problem: 'link-broken' });
  });

  it('keeps fields apart: moving text between fields changes the hash', () => {
    const a = chainHash(GENESIS_HASH, { at: 1, actor: 'ab', action: 'c', target: 't', details: '{}' });
    const b = chainHash(GENESIS_HASH, { at: 1, actor: 'a', action: 'bc', target: 't', details: '{}' });
    expect(a).not.toBe(b);
  });
});
