/**
 * Password hashing with scrypt from node:crypto. The stored string names its parameters
 * (`scrypt$N$r$p$salt$key`, base64url), so the cost can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt. Tests pass a lower cost; production never should. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_BYTES = 32;

/** ASVS L1: at least 8 characters; longer is better, no composition rules, no truncation. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // 128 * N * r bytes are needed; node's default 32 MiB limit is too small for N = 2^17.
  const options: ScryptOptions = { ...cost, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, n, r, p, salt, key] = stored.split('$');
  if (algorithm !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why a new password is not acceptable, or null. Checked against a short list of the most common choices. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase()) && username.length >= 3) return 'The password must not contain the username.';
  if (/^(.)\1+$/.test(password)) return 'The password must not be one repeated character.';
  // Padding a well-known word with digits or symbols ("Password2024!") does not make it uncommon.
  if (COMMON_WORDS.includes(lower.replace(/[^a-z]/g, ''))) {
    return 'That password is too common; choose a longer passphrase.';
  }
  return null;
}

const COMMON_WORDS = ['password', 'qwerty', 'qwertyuiop', 'letmein', 'welcome', 'admin', 'iloveyou', 'abc', 'changeme', 'monkey', 'dragon', 'passw', 'secret', 'trustno', 'football', 'baseball', 'sunshine', 'princess', 'qwertyuiopasdfghjkl', 'asdfghjkl', 'zxcvbnm', ''];
