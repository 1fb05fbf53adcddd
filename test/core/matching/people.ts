/** Tiny builders for matcher unit tests: a Person, an Incydr user and an actor with only what a test sets. */
import type { Person } from '../../../core/src/hr/person.js';
import type { Actor, User } from '../../../core/src/incydr/types.js';
import { emptyPerson } from '../../../core/src/hr/record.js';

let seq = 0;

export function person(fields: Partial<Person> = {}): Person {
  seq += 1;
  return { ...emptyPerson('workday', `W${seq}`), status: 'active', ...fields };
}

export function user(username: string, userId = `u-${username}`): User {
  return {
    userId,
    legacyUserId: '1',
    username,
    firstName: null,
    lastName: null,
    orgId: 'o',
    legacyOrgId: '1',
    orgGuid: 'g',
    orgName: 'Acme',
    notes: null,
    active: true,
    blocked: false,
    creationDate: '2020-01-01T00:00:00Z',
    modificationDate: '2020-01-01T00:00:00Z',
  };
}

export function actor(name: string, fields: Partial<Actor> = {}): Actor {
  return {
    actorId: `a-${name}`,
    name,
    active: true,
    alternateNames: [],
    country: null,
    department: null,
    division: null,
    employeeType: null,
    endDate: null,
    startDate: null,
    firstName: null,
    lastName: null,
    locality: null,
    region: null,
    managerActorId: null,
    notes: null,
    parentActorId: null,
    title: null,
    inScope: true,
    ...fields,
  };
}
