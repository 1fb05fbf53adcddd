/** Random bearer secrets (session cookies, API tokens, setup links) and their stored form. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: well above ASVS's 128-bit floor. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A fast hash is enough for high-entropy secrets: there is nothing to brute-force. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export const API_TOKEN_PREFIX = 'ihp_';

export function newApiToken(): { token: string; visiblePrefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomToken(30)}`;
  return { token, visiblePrefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}
