import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  InvalidVersionError,
  buildVersionWindow,
  classifyVersion,
  compareVersions,
  parseVersion,
} from '../../../core/src/versions/version-window.js';

const fleet = (...versions: string[]) => versions.map(parseVersion);

describe('parseVersion', () => {
  it('reads the release as major.minor and keeps every component', () => {
    expect(parseVersion(' 1.7.2.1034 ')).toEqual({ text: '1.7.2.1034', parts: [1, 7, 2, 1034], release: '1.7' });
    expect(parseVersion('2').release).toBe('2.0');
  });

  it.each([[''], ['1.x'], ['v1.2'], ['1..2'], ['1.2.']])('rejects %j with a readable message', (input) => {
    expect(() => parseVersion(input)).toThrow(InvalidVersionError);
    expect(() => parseVersion(input)).toThrow(/expected a text of dot-separated numbers/);
  });

  it('rejects numbers, because 1.10 and 1.1 are the same JSON number', () => {
    expect(() => parseVersion(1.1)).toThrow('1.1 is not a version');
    expect(() => parseVersion(undefined)).toThrow('A missing value is not a version');
  });
});

describe('compareVersions', () => {
  it('compares numerically, not as text', () => {
    expect(compareVersions([1, 10], [1, 9])).toBe(1);
    expect(compareVersions([1, 7], [1, 7, 0])).toBe(0);
    expect(compareVersions([1, 7, 0, 1], [1, 7])).toBe(1);
  });

  it('is antisymmetric', () => {
    const version = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(version, version, (a, b) => compareVersions(a, b) + compareVersions(b, a) === 0));
  });
});

describe('version window', () => {
  const observed = fleet('1.10.0', '1.9.3', '1.9.1', '1.7.0', '1.8.4', '1.4.2', '1.11.0');

  it('keeps the current release plus N previous known releases, newest first', () => {
    const window = buildVersionWindow('1.10.2', observed, 2);
    expect(window.knownReleases).toEqual(['1.11', '1.10', '1.9', '1.8', '1.7', '1.4']);
    expect(window.supportedReleases).toEqual(['1.10', '1.9', '1.8']);
  });

  it('classifies each version by release, ignoring patch and build numbers', () => {
    const window = buildVersionWindow('1.10.2', observed, 2);
    const standing = (v: string) => classifyVersion(window, parseVersion(v));
    expect(standing('1.10.0')).toMatchObject({ standing: 'current', releasesBehind: 0, release: '1.10' });
    expect(standing('1.9.1')).toMatchObject({ standing: 'previous', releasesBehind: 1 });
    expect(standing('1.8.4')).toMatchObject({ standing: 'previous', releasesBehind: 2 });
    expect(standing('1.7.0')).toMatchObject({ standing: 'unsupported', releasesBehind: 3 });
    expect(standing('1.4.2')).toMatchObject({ standing: 'unsupported', releasesBehind: 4 });
    expect(standing('1.11.0')).toMatchObject({ standing: 'ahead', releasesBehind: -1 });
  });

  it('counts a release that was not observed where it falls', () => {
    const window = buildVersionWindow('1.10.2', observed, 2);
    expect(classifyVersion(window, parseVersion('1.5.0'))).toMatchObject({ standing: 'unsupported', releasesBehind: 4 });
    expect(classifyVersion(window, parseVersion('2.0.0'))).toMatchObject({ standing: 'ahead', releasesBehind: -2 });
  });

  it('supports only the current release when N is 0', () => {
    const window = buildVersionWindow('1.9', observed, 0);
    expect(classifyVersion(window, parseVersion('1.9.3')).standing).toBe('current');
    expect(classifyVersion(window, parseVersion('1.8.4')).standing).toBe('unsupported');
  });

  it('refuses a negative or fractional N and an invalid current version', () => {
    expect(() => buildVersionWindow('1.9', observed, -1)).toThrow(RangeError);
    expect(() => buildVersionWindow('1.9', observed, 1.5)).toThrow(/whole number/);
    expect(() => buildVersionWindow('latest', observed, 2)).toThrow(InvalidVersionError);
  });

  it('never counts more than N previous releases as supported', () => {
    const version = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 12 }), fc.nat({ max: 5 })).map((p) => p.join('.'));
    fc.assert(
      fc.property(fc.array(version, { maxLength: 20 }), version, fc.nat({ max: 4 }), (seen, current, n) => {
        const window = buildVersionWindow(current, seen.map(parseVersion), n);
        const previous = new Set(
          seen.map((v) => classifyVersion(window, parseVersion(v))).filter((c) => c.standing === 'previous').map((c) => c.release),
        );
        return previous.size <= n && window.supportedReleases.length <= n + 1;
      }),
    );
  });
});
