import { describe, expect, it } from 'vitest';
import {
  classifyVersion,
  compareVersionParts,
  deriveVersionWindow,
  parseVersion,
} from '@incydr-health/core/health/versions';

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
      currentSource: 'fleet',
    });
  });

  it('honours a current version given as an option, ignoring newer pilot builds', () => {
    const window = deriveVersionWindow([...fleet, '2.0.0'], { previousVersionsSupported: 1, currentVersion: '1.9.1' });
    expect(window?.supported).toEqual(['1.9.1', '1.9']);
    expect(window?.currentSource).toBe('option');
    if (!window) throw new Error('window expected');
    expect(classifyVersion('2.0.0', window)).toBe('current');
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
