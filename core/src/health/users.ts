import type { User } from '../incydr/types.js';

/**
 * Users by id; a later duplicate wins, as with `new Map(entries)`. Filled in a loop rather than from an array of
 * [id, user] pairs, which would be a tenant-sized pile of short-lived arrays.
 */
export function usersById(users: readonly User[]): Map<string, User> {
  const byId = new Map<string, User>();
  for (const user of users) byId.set(user.userId, user);
  return byId;
}
