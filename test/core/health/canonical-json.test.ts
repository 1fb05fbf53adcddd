import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalJson,
  canonicalJsonSlow,
  isInCanonicalOrder,
  sha256Hex,
} from '@incydr-health/core/health/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('gives the same text for the same value built in a different key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('escapes strings like JSON and keeps non-ASCII', () => {
    expect(canonicalJson({ é: 'a"b\n' })).toBe('{"é":"a\\"b\\n"}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vector for "abc"', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('canonicalJson fast path', () => {
  it('orders integer-like keys as strings too ("10" before "2")', () => {
    expect(canonicalJson({ 2: 'b', 10: 'a', x: { 1: true } })).toBe('{"10":"a","2":"b","x":{"1":true}}');
  });

  it('keeps a "__proto__" key as data', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2}}'))).toBe('{"__proto__":{"a":2,"b":1}}');
  });

  it('agrees with the key-by-key reference serializer and with JSON.parse on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(text).toBe(canonicalJsonSlow(value));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('isInCanonicalOrder', () => {
  it('is true only when plain JSON.stringify already writes canonical JSON', () => {
    expect(isInCanonicalOrder({ a: 1, b: { c: [1, { d: null }] } })).toBe(true);
    expect(isInCanonicalOrder({ b: 1, a: 2 })).toBe(false);
    expect(isInCanonicalOrder({ 10: 1, 2: 1 })).toBe(false); // listed as 2, 10: not string order
    expect(isInCanonicalOrder({ 1: 1, a: 1 })).toBe(true);
    expect(isInCanonicalOrder({ a: undefined })).toBe(false);
    expect(isInCanonicalOrder({ a: Number.POSITIVE_INFINITY })).toBe(false);
    expect(isInCanonicalOrder(new Date(0))).toBe(false);
  });

  it('whenever it says yes, plain JSON equals the reference canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        if (isInCanonicalOrder(value)) expect(JSON.stringify(value)).toBe(canonicalJsonSlow(value));
      }),
      { numRuns: 300 },
    );
  });
});
