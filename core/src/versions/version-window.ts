/**
 * The supported agent version window: Incydr accepts the current agent release plus a few previous ones
 * (two by default, see shared/reference/code42-api.md). A release is the `major.minor` of a version, so
 * patch and build numbers never push an agent out of the window.
 *
 * Which releases count as "previous" is read from the versions actually seen (the fleet) plus the current
 * one: the vendor publishes no release list through the API, and a release nobody runs cannot be counted.
 */

export type VersionStanding = 'current' | 'previous' | 'unsupported' | 'ahead';

export interface AgentVersion {
  text: string;
  parts: readonly number[];
  /** `major.minor`, e.g. "1.7" for "1.7.2.1034". */
  release: string;
}

export interface VersionWindow {
  current: AgentVersion;
  previousReleases: number;
  /** Every release seen plus the current one, newest first. */
  knownReleases: readonly string[];
  /** The current release, then up to `previousReleases` older known ones. */
  supportedReleases: readonly string[];
}

export interface VersionClassification {
  version: string;
  release: string;
  standing: VersionStanding;
  /** Known releases from this one up to the current (0 = current release); negative when ahead of it. */
  releasesBehind: number;
}

export class InvalidVersionError extends Error {
  constructor(input: unknown) {
    super(`${describe(input)} is not a version: expected a text of dot-separated numbers such as "1.7.2"`);
    this.name = 'InvalidVersionError';
  }
}

function describe(input: unknown): string {
  if (input === undefined) return 'A missing value';
  const shown = typeof input === 'string' ? `"${input}"` : (JSON.stringify(input) ?? String(input));
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

const VERSION_PATTERN = /^\d+(\.\d+)*$/;

/** Only text is accepted: a JSON number cannot tell "1.10" from "1.1". */
export function parseVersion(input: unknown): AgentVersion {
  if (typeof input !== 'string') throw new InvalidVersionError(input);
  const text = input.trim();
  if (!VERSION_PATTERN.test(text)) throw new InvalidVersionError(input);
  const parts = text.split('.').map(Number);
  return { text, parts, release: releaseOf(parts) };
}

function releaseOf(parts: readonly number[]): string {
  return `${parts[0] ?? 0}.${parts[1] ?? 0}`;
}

/** Numeric, component-wise comparison; missing components count as 0, so "1.7" equals "1.7.0". */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

export function buildVersionWindow(
  currentVersion: unknown,
  observedVersions: Iterable<AgentVersion>,
  previousReleases: number,
): VersionWindow {
  if (!Number.isInteger(previousReleases) || previousReleases < 0) {
    throw new RangeError(`previous releases must be a whole number of 0 or more, got ${String(previousReleases)}`);
  }
  const current = parseVersion(currentVersion);
  const releases = new Set<string>([current.release]);
  for (const version of observedVersions) releases.add(version.release);
  const knownReleases = [...releases].sort((a, b) => compareReleases(b, a));
  const currentIndex = knownReleases.indexOf(current.release);
  return {
    current,
    previousReleases,
    knownReleases,
    supportedReleases: knownReleases.slice(currentIndex, currentIndex + previousReleases + 1),
  };
}

export function classifyVersion(window: VersionWindow, version: AgentVersion): VersionClassification {
  const current = window.current.release;
  const releases = new Set([...window.knownReleases, version.release]);
  const countReleases = (newerThan: string, upTo: string) =>
    [...releases].filter((release) => compareReleases(release, newerThan) > 0 && compareReleases(release, upTo) <= 0)
      .length;
  const result = (standing: VersionStanding, releasesBehind: number): VersionClassification => ({
    version: version.text,
    release: version.release,
    standing,
    releasesBehind,
  });

  if (compareReleases(version.release, current) > 0) return result('ahead', -countReleases(current, version.release));
  const behind = countReleases(version.release, current);
  if (behind === 0) return result('current', 0);
  return result(behind <= window.previousReleases ? 'previous' : 'unsupported', behind);
}

function compareReleases(a: string, b: string): number {
  return compareVersions(a.split('.').map(Number), b.split('.').map(Number));
}
