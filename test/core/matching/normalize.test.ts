import { describe, expect, it } from 'vitest';
import { foldedName, normalizeEmployeeId, normalizeIdentityKey } from '../../../core/src/matching/normalize.js';

describe('normalization', () => {
  it('builds match keys and folded names', () => {
    expect(normalizeIdentityKey('  <MAILTO:Dana@X.example> ')).toBe('dana@x.example');
    expect(normalizeIdentityKey('mailto:<Dana@X.example>')).toBe('dana@x.example');
    expect(normalizeIdentityKey('   ')).toBeNull();
    expect(normalizeEmployeeId(' 00123 ')).toBe('00123');
    expect(foldedName('José', 'García  Núñez')).toBe('jose garcia nunez');
    expect(foldedName('Cher', null)).toBeNull();
  });

  it('treats composed and decomposed Unicode as one key, ASCII untouched', () => {
    const composed = 'Zoë.Ångström@acme.example'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(normalizeIdentityKey(decomposed)).toBe(normalizeIdentityKey(composed));
    expect(normalizeIdentityKey('Plain.User+Tag@Acme.example')).toBe('plain.user+tag@acme.example');
  });
});
