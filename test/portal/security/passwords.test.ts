import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../../portal/src/security/passwords.js';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('scrypt hashes', () => {
  it('verify the right password only, and record their parameters', async () => {
    const stored = await hashPassword('correct horse battery staple', cheap);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
  });

  it('salt every hash', async () => {
    expect(await hashPassword('same password here', cheap)).not.toBe(await hashPassword('same password here', cheap));
  });

  it('reject malformed stored values instead of throwing', async () => {
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
  });

  it('use the OWASP cost by default (needs more than the default 32 MiB scrypt memory)', async () => {
    const stored = await hashPassword('a long enough passphrase');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('a long enough passphrase', stored)).toBe(true);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['short1', 'Use at least 12 characters.'],
    ['x'.repeat(257), 'Use at most 256 characters.'],
    ['aaaaaaaaaaaaaaa', 'The password must not be one repeated character.'],
    ['Password2024!!', 'That password is too common; choose a longer passphrase.'],
    ['123456789012', 'That password is too common; choose a longer passphrase.'],
    ['my name is greta ok', 'The password must not contain the username.'],
  ])('refuses %j', (password, message) => {
    expect(passwordProblem(password, 'greta')).toBe(message);
  });

  it('accepts a passphrase, with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple', 'greta')).toBeNull();
  });
});
