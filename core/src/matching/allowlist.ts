/**
 * Incydr accounts that have no HR record by design (service, shared, admin, analyst accounts). They are taken out
 * before matching and reported as `allowlisted`, so no plan ever proposes to act on them.
 * Entries: an exact username (`svc-backup@acme.example`), a glob with `*` and `?` (`svc-*@acme.example`), or a
 * regular expression between slashes with optional flags (`/^admin\d+@/i`).
 */
import { normalizeIdentityKey } from './normalize.js';

export class AllowlistError extends Error {
  override readonly name = 'AllowlistError';
}

export interface Allowlist {
  matches(username: string): boolean;
  /** Same as matches, for a username already passed through normalizeIdentityKey. */
  matchesKey(key: string): boolean;
  readonly size: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

export function compileAllowlist(entries: readonly string[]): Allowlist {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  entries.forEach((entry, index) => {
    const text = entry.trim();
    if (text === '') throw new AllowlistError(`allowlist entry ${index + 1} is empty`);
    const regex = /^\/(.+)\/([a-z]*)$/.exec(text);
    if (regex) {
      try {
        patterns.push(new RegExp(regex[1]!, regex[2]!.includes('i') ? regex[2] : `${regex[2]}i`));
      } catch (error) {
        throw new AllowlistError(
          `allowlist entry ${index + 1} ("${text}") is not a valid regular expression: ${(error as Error).message}`,
        );
      }
    } else if (/[*?]/.test(text)) {
      patterns.push(globToRegExp(normalizeIdentityKey(text)!));
    } else {
      exact.add(normalizeIdentityKey(text)!);
    }
  });
  const matchesKey = (key: string) => exact.has(key) || patterns.some((pattern) => pattern.test(key));
  return {
    size: entries.length,
    matchesKey,
    matches(username) {
      const key = normalizeIdentityKey(username);
      return key !== null && matchesKey(key);
    },
  };
}
