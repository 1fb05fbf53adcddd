import { describe, expect, it } from 'vitest';
import { usersById } from '@incydr-health/core/health/users';
import { user } from './builders.js';

describe('usersById', () => {
  it('finds every user by id', () => {
    const users = [user('u1'), user('u2'), user('u3')];
    const byId = usersById(users);
    expect(byId.size).toBe(3);
    expect(byId.get('u2')).toBe(users[1]);
    expect(byId.get('missing')).toBeUndefined();
  });

  it('lets a later duplicate win, as a Map built from entries does', () => {
    const first = user('u1', { username: 'first@example.com' });
    const second = user('u1', { username: 'second@example.com' });
    expect(usersById([first, second]).get('u1')).toBe(second);
  });

  it('gives an empty index for no users', () => {
    expect(usersById([]).size).toBe(0);
  });
});
