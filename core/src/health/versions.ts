/**
 * Agent versions compared as numbers, part by part ("1.10.0" is newer than "1.9.3"; string order would say the
 * opposite), and the supported-version window: the current release plus N previous releases.
 */
import { HealthInputError } from './errors.js';

export type VersionParts = readonly number[];

const VERSION = /^v?(\d+(?:\.\d+)*)$/i;

/** Numeric parts of a version string, or null when it is not a dotted number (e.g. "", "unknown", "1.x"). */
export function parseVersion(value: string | null | undefined): VersionParts | null {
  if (value === null || value === undefined) return null;
  const match = VERSION.exec(value.trim());
  if (!match || match[1] === undefined) return null;
  const parts = match[1].split('.').map(Number);
  if (parts.some((p) => !Number.isSafeInteger(p))) return null;
  // Trailing zeros carry no order information: 1.6 and 1.6.0 are the same release.
  let end = parts.length;
  while (end > 1 && parts[end - 1] === 0) end -= 1;
  return parts.slice(0, end);
}

export function compareVersionParts(a: VersionParts, b: VersionParts): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export function formatVersion(parts: VersionParts): string {
  return parts.join('.');
}

export interface VersionWindowOptions {
  /** The current release. When absent, the newest readable version in the fleet is taken as current. */
  currentVersion?: string | null;
  /** Known releases (any order). When absent, the distinct versions seen in the fleet stand in for them. */
  releases?: string[] | null;
  /** How many releases before the current one are still supported (Code42: 2). */
  previousVersionsSupported: number;
}

export interface VersionWindow {
  current: string;
  /** The oldest release still inside the window. */
  oldestSupported: string;
  /** The releases inside the window, newest first. */
  supported: string[];
  /** Where `current` came from, for the evidence trail. */
  currentSource: 'option' | 'releases' | 'fleet';
}

export type VersionStanding = 'current' | 'outdated' | 'unsupported' | 'unreadable';

/** Null when nothing in the fleet has a readable version and no current version was given. */
export function deriveVersionWindow(
  fleetVersions: Iterable<string>,
  options: VersionWindowOptions,
): VersionWindow | null {
  if (!Number.isInteger(options.previousVersionsSupported) || options.previousVersionsSupported < 0) {
    throw new HealthInputError(
      `previousVersionsSupported must be a whole number of releases (0 or more), got ${options.previousVersionsSupported}.`,
      'previousVersionsSupported',
    );
  }
  let current: VersionParts | null = null;
  if (options.currentVersion !== null && options.currentVersion !== undefined) {
    current = parseVersion(options.currentVersion);
    if (!current) {
      throw new HealthInputError(
        `currentVersion must be a dotted version number such as 1.6.2, got ${JSON.stringify(options.currentVersion)}.`,
        'currentVersion',
      );
    }
  }
  const known = new Map<string, VersionParts>();
  // A fleet repeats a handful of version strings thousands of times: parse each distinct string once.
  const seen = new Set<string>();
  for (const raw of options.releases ?? fleetVersions) {
    if (seen.has(raw)) continue;
    seen.add(raw);
    const parts = parseVersion(raw);
    if (parts) known.set(formatVersion(parts), parts);
    else if (options.releases) {
      throw new HealthInputError(`releases contains an unreadable version: ${JSON.stringify(raw)}.`, 'releases');
    }
  }
  const currentSource = current ? 'option' : options.releases ? 'releases' : 'fleet';
  const sorted = [...known.values()].sort((a, b) => compareVersionParts(b, a));
  current ??= sorted[0] ?? null;
  if (!current) return null;
  const currentParts = current;
  const atOrBelowCurrent = sorted.filter((v) => compareVersionParts(v, currentParts) < 0);
  const supported = [currentParts, ...atOrBelowCurrent.slice(0, options.previousVersionsSupported)];
  const oldest = supported[supported.length - 1] ?? currentParts;
  return {
    current: formatVersion(currentParts),
    oldestSupported: formatVersion(oldest),
    supported: supported.map(formatVersion),
    currentSource,
  };
}

/** Versions newer than `current` (pilot builds) count as current: they are ahead of the window, not outside it. */
export function classifyVersion(value: string | null | undefined, window: VersionWindow): VersionStanding {
  return versionClassifier(window)(value);
}

/** A classifier for one window that remembers each distinct version string (a fleet has few of them). */
export function versionClassifier(window: VersionWindow): (value: string | null | undefined) => VersionStanding {
  const current = parseVersion(window.current) ?? [];
  const oldest = parseVersion(window.oldestSupported) ?? [];
  const memo = new Map<string, VersionStanding>();
  return (value) => {
    const key = value ?? '';
    let standing = memo.get(key);
    if (standing === undefined) {
      const parts = parseVersion(value);
      if (!parts) standing = 'unreadable';
      else if (compareVersionParts(parts, current) >= 0) standing = 'current';
      else if (compareVersionParts(parts, oldest) >= 0) standing = 'outdated';
      else standing = 'unsupported';
      memo.set(key, standing);
    }
    return standing;
  };
}
