import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classifyVersion,
  compareVersionParts,
  deriveVersionWindow,
  isUpToDate,
  parseVersion,
  placeVersion,
  readVersion,
  versionClassifier,
} from '@incydr-health/core/health/versions';
import { HealthInputError } from '@incydr-health/core/health/errors';

describe('parseVersion', () => {
  it.each([
    ['1.6.2', [1, 6, 2]],
    ['v1.10', [1, 10]],
    [' 2.0.0 ', [2]],
    ['1.6.0.0', [1, 6]],
  ])('%j → %j', (text, parts) => expect(parseVersion(text)).toEqual(parts));

  it.each(['', 'unknown', '1.x', '1..2', null, undefined, '1.2-beta'])('%j is unreadable', (text) => {
    expect(parseVersion(text)).toBeNull();
  });
});

describe('compareVersionParts', () => {
  it('compares numerically, not as strings', () => {
    expect(compareVersionParts(parseVersion('1.10.0') ?? [], parseVersion('1.9.9') ?? [])).toBe(1);
    expect('1.10.0' < '1.9.9').toBe(true); // what string order would have said
    expect(compareVersionParts(parseVersion('1.6') ?? [], parseVersion('1.6.0') ?? [])).toBe(0);
    expect(compareVersionParts(parseVersion('1.6') ?? [], parseVersion('1.6.1') ?? [])).toBe(-1);
  });
});

describe('deriveVersionWindow', () => {
  const fleet = ['1.8.0', '1.10.0', '1.9.1', '1.9.0', '1.7.5', 'garbage', '1.10.0'];

  it('takes the newest fleet version as current and the next N distinct releases as supported', () => {
    const window = deriveVersionWindow(fleet, { previousVersionsSupported: 2 });
    expect(window).toEqual({
      current: '1.10',
      oldestSupported: '1.9',
      supported: ['1.10', '1.9.1', '1.9'],
      known: ['1.10', '1.9.1', '1.9', '1.8', '1.7.5'],
      previousVersionsSupported: 2,
      releaseDepth: null,
      currentSource: 'fleet',
    });
  });

  it('honours a current version given as an option, ignoring newer pilot builds', () => {
    const window = deriveVersionWindow([...fleet, '2.0.0'], { previousVersionsSupported: 1, currentVersion: '1.9.1' });
    expect(window?.supported).toEqual(['1.9.1', '1.9']);
    expect(window?.currentSource).toBe('option');
    if (!window) throw new Error('window expected');
    expect(classifyVersion('2.0.0', window)).toBe('ahead');
    expect(classifyVersion('1.9.1', window)).toBe('current');
    expect(classifyVersion('1.9.0', window)).toBe('outdated');
    expect(classifyVersion('1.8.99', window)).toBe('unsupported');
    expect(classifyVersion('n/a', window)).toBe('unreadable');
  });

  it('uses a release list when given, so releases nobody installed still count', () => {
    const window = deriveVersionWindow(['1.10.0', '1.7.5'], {
      previousVersionsSupported: 2,
      releases: ['1.10.0', '1.9.1', '1.9.0', '1.8.0'],
    });
    expect(window?.oldestSupported).toBe('1.9');
  });

  it('calls an unlisted version older than every known release unsupported, even in a window not yet full', () => {
    const window = deriveVersionWindow([], { previousVersionsSupported: 2, releases: ['1.10.0'] });
    if (!window) throw new Error('window expected');
    expect(window.supported).toEqual(['1.10']);
    expect(placeVersion('1.7', window)).toEqual({ standing: 'unsupported', release: '1.7', releasesBehind: 1 });
  });

  it('window of zero previous versions supports only the current one', () => {
    const window = deriveVersionWindow(fleet, { previousVersionsSupported: 0 });
    expect(window?.supported).toEqual(['1.10']);
  });

  it('is null when nothing is readable and no current version is given', () => {
    expect(deriveVersionWindow(['?', ''], { previousVersionsSupported: 2 })).toBeNull();
  });

  it('rejects bad options with a clear message', () => {
    expect(() => deriveVersionWindow(fleet, { previousVersionsSupported: -1 })).toThrow(
      /previousVersionsSupported must be a whole number/,
    );
    expect(() => deriveVersionWindow(fleet, { previousVersionsSupported: 2, currentVersion: 'latest' })).toThrow(
      /currentVersion must be a dotted version/,
    );
    expect(() => deriveVersionWindow(fleet, { previousVersionsSupported: 2, releases: ['1.0', 'beta'] })).toThrow(
      /releases contains an unreadable version/,
    );
  });
});

describe('readVersion (untyped input such as n8n items)', () => {
  it('reads text like parseVersion does', () => {
    expect(readVersion(' 1.7.2.1034 ')).toEqual([1, 7, 2, 1034]);
  });

  it.each([
    ['latest', '"latest" is not a version'],
    [1.1, '1.1 is not a version'],
    [undefined, 'A missing value is not a version'],
    [null, 'null is not a version'],
    [{ major: 1 }, '{"major":1} is not a version'],
  ])('refuses %j with a message naming the value', (value, message) => {
    expect(() => readVersion(value, 'appVersion')).toThrow(HealthInputError);
    expect(() => readVersion(value, 'appVersion')).toThrow(message);
  });

  it('shortens a long value in the message and names the field', () => {
    const error = (() => {
      try {
        readVersion('x'.repeat(500), 'body.appVersion');
      } catch (e) {
        return e as HealthInputError;
      }
      throw new Error('readVersion accepted a long non-version');
    })();
    expect(error.field).toBe('body.appVersion');
    expect(error.message.length).toBeLessThan(140);
  });
});

describe('releases grouped by depth (major.minor)', () => {
  const fleet = ['1.10.0.17', '1.9.3', '1.9.1.40', '1.7.0', '1.8.4', '1.4.2', '1.11.0'];
  const window = deriveVersionWindow(fleet, { currentVersion: '1.10.2', previousVersionsSupported: 2, releaseDepth: 2 });
  if (!window) throw new Error('window expected');

  it('names releases by their first two numbers, so patch and build numbers do not count as releases', () => {
    expect(window.current).toBe('1.10');
    expect(window.known).toEqual(['1.11', '1.10', '1.9', '1.8', '1.7', '1.4']);
    expect(window.supported).toEqual(['1.10', '1.9', '1.8']);
    expect(window.oldestSupported).toBe('1.8');
    expect(placeVersion('2', window).release).toBe('2.0');
  });

  it('places each version with its release and how many known releases it is behind', () => {
    expect(placeVersion('1.10.0.99', window)).toEqual({ standing: 'current', release: '1.10', releasesBehind: 0 });
    expect(placeVersion('1.9.1', window)).toEqual({ standing: 'outdated', release: '1.9', releasesBehind: 1 });
    expect(placeVersion('1.8.4', window)).toEqual({ standing: 'outdated', release: '1.8', releasesBehind: 2 });
    expect(placeVersion('1.7.0', window)).toEqual({ standing: 'unsupported', release: '1.7', releasesBehind: 3 });
    expect(placeVersion('1.4.2', window)).toEqual({ standing: 'unsupported', release: '1.4', releasesBehind: 4 });
    expect(placeVersion('1.11.0', window)).toEqual({ standing: 'ahead', release: '1.11', releasesBehind: -1 });
    expect(placeVersion('latest', window)).toEqual({ standing: 'unreadable', release: null, releasesBehind: null });
  });

  it('counts a release nobody runs where it falls', () => {
    expect(placeVersion('1.5.0', window)).toMatchObject({ standing: 'unsupported', releasesBehind: 4 });
    expect(placeVersion('2.0.0', window)).toMatchObject({ standing: 'ahead', releasesBehind: -2 });
  });

  it('supports only the current release when no previous one is', () => {
    const only = deriveVersionWindow(fleet, { currentVersion: '1.9', previousVersionsSupported: 0, releaseDepth: 2 });
    if (!only) throw new Error('window expected');
    expect(classifyVersion('1.9.3', only)).toBe('current');
    expect(classifyVersion('1.8.4', only)).toBe('unsupported');
  });

  it('refuses a depth that is not a whole number of parts', () => {
    for (const releaseDepth of [0, -1, 1.5]) {
      expect(() => deriveVersionWindow(fleet, { previousVersionsSupported: 2, releaseDepth })).toThrow(
        /releaseDepth must be a whole number of version parts/,
      );
    }
  });
});

describe('standings', () => {
  it('treats current and ahead as up to date, nothing else', () => {
    expect(isUpToDate('current')).toBe(true);
    expect(isUpToDate('ahead')).toBe(true);
    expect(isUpToDate('outdated')).toBe(false);
    expect(isUpToDate('unsupported')).toBe(false);
    expect(isUpToDate('unreadable')).toBe(false);
  });

  it('a remembering classifier answers like a fresh one, repeated values included', () => {
    const window = deriveVersionWindow(['3.1', '3.0', '2.9', '2.8'], { previousVersionsSupported: 1 });
    if (!window) throw new Error('window expected');
    const classify = versionClassifier(window);
    const values = ['3.1', '2.8', '3.1', '?', '3.0', '2.8', '4'];
    expect(values.map(classify)).toEqual(values.map((v) => classifyVersion(v, window)));
    expect(values.map(classify)).toEqual(['current', 'unsupported', 'current', 'unreadable', 'outdated', 'unsupported', 'ahead']);
  });
});

describe('window properties', () => {
  const version = fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 12 }), fc.nat({ max: 5 })).map((p) => p.join('.'));
  const depth = fc.constantFrom(null, 1, 2);

  it('never supports more than N previous releases, and standing agrees with releasesBehind', () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 20 }), version, fc.nat({ max: 4 }), depth, (seen, current, n, d) => {
        const window = deriveVersionWindow(seen, { currentVersion: current, previousVersionsSupported: n, releaseDepth: d });
        if (!window) return false;
        const placements = seen.map((v) => placeVersion(v, window));
        const outdated = new Set(placements.filter((p) => p.standing === 'outdated').map((p) => p.release));
        return (
          window.supported.length <= n + 1 &&
          outdated.size <= n &&
          placements.every((p) => {
            const behind = p.releasesBehind ?? Number.NaN;
            if (p.standing === 'ahead') return behind < 0;
            if (p.standing === 'current') return behind === 0;
            if (p.standing === 'outdated') return behind >= 1 && behind <= n;
            return behind > n;
          })
        );
      }),
    );
  });

  it('agrees with comparison order: a newer version never stands worse than an older one', () => {
    const rank = { ahead: 4, current: 3, outdated: 2, unsupported: 1, unreadable: 0 } as const;
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 15 }), fc.nat({ max: 3 }), depth, (seen, n, d) => {
        const window = deriveVersionWindow(seen, { previousVersionsSupported: n, releaseDepth: d });
        if (!window) return false;
        const ordered = [...seen].sort((a, b) => compareVersionParts(parseVersion(a) ?? [], parseVersion(b) ?? []));
        const ranks = ordered.map((v) => rank[classifyVersion(v, window)]);
        return ranks.every((r, i) => i === 0 || r >= (ranks[i - 1] ?? 0));
      }),
    );
  });
});
