/**
 * The one agent-version model of the kit: versions compared as numbers, part by part ("1.10.0" is newer than
 * "1.9.3"; string order would say the opposite), grouped into releases, and the supported-version window — the
 * current release plus N previous releases (Incydr supports two, see shared/reference/code42-api.md).
 *
 * Used by the stale-device triage (one window per agent type) and by the n8n node's "Classify Version Window".
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

/**
 * Like parseVersion, for values read from untyped input (JSON items): anything but readable text is refused with a
 * message naming the value. A JSON number is refused too, because it cannot tell "1.10" from "1.1".
 */
export function readVersion(value: unknown, field = 'version'): VersionParts {
  const parts = typeof value === 'string' ? parseVersion(value) : null;
  if (!parts) {
    throw new HealthInputError(
      `${describeValue(value)} is not a version: expected text of dot-separated numbers such as "1.7.2".`,
      field,
    );
  }
  return parts;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'A missing value';
  const shown = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
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

/**
 * The release a version belongs to. With a depth, the first `depth` numbers name it ("1.7.2.1034" at depth 2 is
 * release "1.7"), so patch and build numbers never move an agent within the window; without one, every distinct
 * version is its own release.
 */
export function releaseOf(parts: VersionParts, releaseDepth: number | null): VersionParts {
  if (releaseDepth === null) return parts;
  return Array.from({ length: releaseDepth }, (_, i) => parts[i] ?? 0);
}

export interface VersionWindowOptions {
  /** The current release. When absent, the newest readable version in the fleet is taken as current. */
  currentVersion?: string | null;
  /** Known releases (any order). When absent, the distinct versions seen in the fleet stand in for them. */
  releases?: string[] | null;
  /** How many releases before the current one are still supported (Code42: 2). */
  previousVersionsSupported: number;
  /**
   * How many leading numbers name a release (2 = `major.minor`). Absent: every distinct version is a release,
   * which suits `productVersion`; a field carrying build numbers (`appVersion`) needs a depth.
   */
  releaseDepth?: number | null;
}

export interface VersionWindow {
  /** The current release. */
  current: string;
  /** The oldest release still inside the window. */
  oldestSupported: string;
  /** The releases inside the window, newest first. */
  supported: string[];
  /** Every release known (from the release list or the fleet, plus the current one), newest first. */
  known: string[];
  previousVersionsSupported: number;
  releaseDepth: number | null;
  /** Where `current` came from, for the evidence trail. */
  currentSource: 'option' | 'releases' | 'fleet';
}

/**
 * `ahead`: newer than the current release (a pilot build): not outside the window, nothing to fix.
 * `outdated`: behind the current release but still supported. `unsupported`: older than the oldest supported.
 */
export type VersionStanding = 'ahead' | 'current' | 'outdated' | 'unsupported' | 'unreadable';

export interface VersionPlacement {
  standing: VersionStanding;
  /** The release the version belongs to; null when unreadable. */
  release: string | null;
  /**
   * Known releases after this one up to the current (0 = current; the version's own release counts as known);
   * negative when ahead: how many known releases it is past the current. Null when unreadable.
   */
  releasesBehind: number | null;
}

/** Null when nothing in the fleet has a readable version and no current version was given. */
export function deriveVersionWindow(
  fleetVersions: Iterable<string>,
  options: VersionWindowOptions,
): VersionWindow | null {
  const { previousVersionsSupported } = options;
  if (!Number.isInteger(previousVersionsSupported) || previousVersionsSupported < 0) {
    throw new HealthInputError(
      `previousVersionsSupported must be a whole number of releases (0 or more), got ${String(previousVersionsSupported)}.`,
      'previousVersionsSupported',
    );
  }
  const releaseDepth = options.releaseDepth ?? null;
  if (releaseDepth !== null && (!Number.isInteger(releaseDepth) || releaseDepth < 1)) {
    throw new HealthInputError(
      `releaseDepth must be a whole number of version parts (1 or more), got ${String(releaseDepth)}.`,
      'releaseDepth',
    );
  }
  let current: VersionParts | null = null;
  if (options.currentVersion !== null && options.currentVersion !== undefined) {
    const given = parseVersion(options.currentVersion);
    if (!given) {
      throw new HealthInputError(
        `currentVersion must be a dotted version number such as 1.6.2, got ${JSON.stringify(options.currentVersion)}.`,
        'currentVersion',
      );
    }
    current = releaseOf(given, releaseDepth);
  }
  const known = new Map<string, VersionParts>();
  // A fleet repeats a handful of version strings thousands of times: parse each distinct string once.
  const seen = new Set<string>();
  for (const raw of options.releases ?? fleetVersions) {
    if (seen.has(raw)) continue;
    seen.add(raw);
    const parts = parseVersion(raw);
    if (parts) {
      const release = releaseOf(parts, releaseDepth);
      known.set(formatVersion(release), release);
    } else if (options.releases) {
      throw new HealthInputError(`releases contains an unreadable version: ${JSON.stringify(raw)}.`, 'releases');
    }
  }
  const currentSource = current ? 'option' : options.releases ? 'releases' : 'fleet';
  if (current) known.set(formatVersion(current), current);
  const sorted = [...known.values()].sort((a, b) => compareVersionParts(b, a));
  current ??= sorted[0] ?? null;
  if (!current) return null;
  const currentParts = current;
  const belowCurrent = sorted.filter((v) => compareVersionParts(v, currentParts) < 0);
  const supported = [currentParts, ...belowCurrent.slice(0, previousVersionsSupported)];
  const oldest = supported[supported.length - 1] ?? currentParts;
  return {
    current: formatVersion(currentParts),
    oldestSupported: formatVersion(oldest),
    supported: supported.map(formatVersion),
    known: sorted.map(formatVersion),
    previousVersionsSupported,
    releaseDepth,
    currentSource,
  };
}

/** Where one version stands against the window. */
export function placeVersion(value: string | null | undefined, window: VersionWindow): VersionPlacement {
  return versionPlacer(window)(value);
}

export function classifyVersion(value: string | null | undefined, window: VersionWindow): VersionStanding {
  return placeVersion(value, window).standing;
}

/** A placer for one window that remembers each distinct version string (a fleet has few of them). */
export function versionPlacer(window: VersionWindow): (value: string | null | undefined) => VersionPlacement {
  const current = parseVersion(window.current) ?? [];
  const oldest = parseVersion(window.oldestSupported) ?? [];
  const known = window.known.map((release) => parseVersion(release) ?? []);
  const memo = new Map<string, VersionPlacement>();
  return (value) => {
    const key = value ?? '';
    let placement = memo.get(key);
    if (placement === undefined) {
      placement = place(parseVersion(value), window.releaseDepth, current, oldest, known);
      memo.set(key, placement);
    }
    return placement;
  };
}

/** A classifier for one window that remembers each distinct version string. */
export function versionClassifier(window: VersionWindow): (value: string | null | undefined) => VersionStanding {
  const placer = versionPlacer(window);
  return (value) => placer(value).standing;
}

/** A supported standing needs no upgrade: the current release, or a pilot build ahead of it. */
export function isUpToDate(standing: VersionStanding): boolean {
  return standing === 'current' || standing === 'ahead';
}

function place(
  parts: VersionParts | null,
  releaseDepth: number | null,
  current: VersionParts,
  oldest: VersionParts,
  known: readonly VersionParts[],
): VersionPlacement {
  if (!parts) return { standing: 'unreadable', release: null, releasesBehind: null };
  const release = releaseOf(parts, releaseDepth);
  // The version's own release counts even when it was never listed, so an unlisted release still takes its place.
  const releases = known.some((k) => compareVersionParts(k, release) === 0) ? known : [...known, release];
  const between = (low: VersionParts, high: VersionParts) =>
    releases.filter((r) => compareVersionParts(r, low) > 0 && compareVersionParts(r, high) <= 0).length;
  const toCurrent = compareVersionParts(release, current);
  const standing: VersionStanding =
    toCurrent > 0 ? 'ahead'
      : toCurrent === 0 ? 'current'
        : compareVersionParts(release, oldest) >= 0 ? 'outdated'
          : 'unsupported';
  const releasesBehind = toCurrent > 0 ? -between(current, release) : between(release, current);
  return { standing, release: formatVersion(release), releasesBehind };
}
