import { describe, expect, it } from 'vitest';
import { matchIdentities } from '../../../core/src/matching/match.js';
import { actor, person, user } from './people.js';

describe('match ladder', () => {
  it('prefers the employee id over a conflicting e-mail and records method, confidence and key', () => {
    const p = person({ employeeId: ' E-0118 ', workEmail: 'dana@acme.example' });
    const report = matchIdentities({
      people: [p],
      users: [user('dana.old@acme.example', 'u1'), user('dana@acme.example', 'u2')],
      employeeIdsByUserId: { u1: 'e-0118' },
    });
    expect(report.matched).toEqual([
      { person: p, identity: { userId: 'u1', username: 'dana.old@acme.example', actorId: null }, method: 'employee-id', confidence: 1, key: 'e-0118' },
    ]);
    expect(report.incydrOnly.map((u) => u.userId)).toEqual(['u2']);
  });

  it('normalizes case, spaces, mailto:, angle brackets and Unicode form, but keeps dots and +tags', () => {
    const users = [user('ANNA.B+test@acme.example', 'tag'), user('renée@acme.example'.normalize('NFC'), 'nfc')];
    const tagged = person({ workEmail: ' mailto:Anna.B+Test@ACME.example ' });
    const untagged = person({ workEmail: 'anna.b@acme.example' });
    const nfd = person({ workEmail: '<Renée@Acme.example>'.normalize('NFD') });
    const report = matchIdentities({ people: [tagged, untagged, nfd], users });
    expect(report.matched.map((m) => [m.person.sourceId, m.identity.userId, m.method])).toEqual([
      [tagged.sourceId, 'tag', 'work-email'],
      [nfd.sourceId, 'nfc', 'work-email'],
    ]);
    expect(report.hrOnly).toEqual([untagged]);
  });

  it('matches a local (non-e-mail) Incydr username through an HR login alias', () => {
    const p = person({ workEmail: 'jlee@acme.example', otherEmails: ['JLEE'] });
    const report = matchIdentities({ people: [p], users: [user('jlee', 'local')] });
    expect(report.matched[0]).toMatchObject({ method: 'alias', confidence: 0.9, key: 'jlee' });
  });

  it('never uses the personal address, even when a source lists it among the others', () => {
    const p = person({ workEmail: null, personalEmail: 'me@gmail.example', otherEmails: ['me@gmail.example'] });
    const report = matchIdentities({ people: [p], users: [user('me@gmail.example')] });
    expect(report.matched).toEqual([]);
    expect(report.hrOnly).toEqual([p]);
  });

  it('reaches a user through its actor family: alternate names and child actors', () => {
    const parent = actor('kai@acme.example', { alternateNames: ['kai.cloud@box.example'] });
    const child = actor('kai.gh', { parentActorId: parent.actorId });
    const viaAlternate = person({ workEmail: 'KAI.CLOUD@box.example' });
    const viaChild = person({ workEmail: 'other@acme.example', otherEmails: ['kai.gh'] });
    for (const p of [viaAlternate, viaChild]) {
      const report = matchIdentities({ people: [p], users: [user('kai@acme.example', 'k')], actors: [parent, child] });
      expect(report.matched[0]).toMatchObject({ method: 'actor-alternate-name', confidence: 0.8, identity: { userId: 'k', actorId: parent.actorId } });
    }
  });

  it('uses addresses remembered from earlier runs when HR has blanked the work e-mail', () => {
    const p = person({ workEmail: null, status: 'terminated', terminationDate: '2026-11-20' });
    const report = matchIdentities({
      people: [p],
      users: [user('omar@acme.example', 'o')],
      previousEmails: new Map([[`workday:${p.sourceId}`, ['Omar@acme.example']]]),
    });
    expect(report.matched[0]).toMatchObject({ method: 'alias', identity: { userId: 'o' } });
  });
});

describe('ambiguity is reported, never guessed', () => {
  it('two candidates at the first rung that has any', () => {
    const p = person({ workEmail: 'x@acme.example', otherEmails: ['team@acme.example'] });
    const report = matchIdentities({
      people: [p],
      users: [user('a@acme.example', 'a'), user('b@acme.example', 'b')],
      actors: [
        actor('a@acme.example', { alternateNames: ['team@acme.example'] }),
        actor('b@acme.example', { alternateNames: ['TEAM@acme.example'] }),
      ],
    });
    expect(report.matched).toEqual([]);
    expect(report.ambiguous).toHaveLength(1);
    expect(report.ambiguous[0]!.candidates.map((c) => [c.identity.userId, c.method, c.key])).toEqual([
      ['a', 'actor-alternate-name', 'team@acme.example'],
      ['b', 'actor-alternate-name', 'team@acme.example'],
    ]);
    expect(report.ambiguous[0]!.explanation).toMatch(/fits 2 Incydr users/);
    // Candidates of an ambiguity are not "missing from HR".
    expect(report.incydrOnly).toEqual([]);
  });

  it('two different active people claiming one user', () => {
    const a = person({ firstName: 'Rae', lastName: 'Moss', workEmail: 'rae@acme.example' });
    const b = person({ firstName: 'Ty', lastName: 'Bell', workEmail: 'ty@acme.example', otherEmails: ['rae@acme.example'] });
    const report = matchIdentities({ people: [a, b], users: [user('rae@acme.example', 'r')] });
    expect(report.matched).toEqual([]);
    expect(report.ambiguous.map((x) => x.person)).toEqual([a, b]);
    expect(report.ambiguous[0]!.explanation).toMatch(/claimed by .*Rae Moss.* and also by .*Ty Bell/);
  });

  it('two records of one name that are both still employed', () => {
    const a = person({ firstName: 'Sam', lastName: 'Park', workEmail: 'sam@acme.example', startDate: '2019-01-01' });
    const b = person({ firstName: 'Sam', lastName: 'Park', workEmail: 'sam@acme.example', startDate: '2024-01-01' });
    const report = matchIdentities({ people: [a, b], users: [user('sam@acme.example')] });
    expect(report.ambiguous).toHaveLength(2);
  });
});

describe('rehires', () => {
  it('lets the current record win over the terminated one of the same human, and explains it', () => {
    const old = person({
      firstName: 'Sam',
      lastName: 'Park',
      employeeId: 'E1',
      workEmail: 'sam@acme.example',
      status: 'terminated',
      startDate: '2019-06-01',
      terminationDate: '2023-01-31',
    });
    const current = person({ firstName: 'Sam', lastName: 'Park', employeeId: 'E2', workEmail: 'Sam@acme.example', startDate: '2024-02-12' });
    const report = matchIdentities({ people: [old, current], users: [user('sam@acme.example', 's')] });
    expect(report.matched).toHaveLength(1);
    expect(report.matched[0]!.person).toBe(current);
    expect(report.matched[0]!.explanation).toContain(`record ${current.sourceId}`);
    expect(report.superseded).toEqual([
      expect.objectContaining({ person: old, currentSourceId: current.sourceId, explanation: expect.stringMatching(/^superseded by/) }),
    ]);
    expect(report.ambiguous).toEqual([]);
  });

  it('recognizes a rehire from a source without dates (SCIM), whichever record comes first', () => {
    const current = person({ source: 'scim', firstName: 'Sam', lastName: 'Park', workEmail: 'sam@acme.example' });
    const old = person({ source: 'scim', firstName: 'Sam', lastName: 'Park', workEmail: 'sam@acme.example', status: 'terminated' });
    for (const people of [[current, old], [old, current]]) {
      const report = matchIdentities({ people, users: [user('sam@acme.example')] });
      expect(report.matched.map((m) => m.person)).toEqual([current]);
      expect(report.superseded!.map((s) => s.person)).toEqual([old]);
    }
  });

  it('recognizes the same human by employee id across a name change', () => {
    const old = person({ firstName: 'Mia', lastName: 'Lopez', employeeId: 'E7', workEmail: 'mia.lopez@acme.example', status: 'terminated', startDate: '2018-01-01', terminationDate: '2022-01-01' });
    const current = person({ firstName: 'Mia', lastName: 'Santos', employeeId: 'E7', workEmail: 'mia.santos@acme.example', otherEmails: ['mia.lopez@acme.example'], startDate: '2023-01-01' });
    const report = matchIdentities({ people: [old, current], users: [user('mia.lopez@acme.example')] });
    expect(report.matched.map((m) => m.person)).toEqual([current]);
    expect(report.matched[0]!.method).toBe('alias');
  });
});

describe('allowlist and missing sides', () => {
  it('takes allowlisted accounts out before matching and reports each side that has no partner', () => {
    const hrOnly = person({ workEmail: 'uma@acme.example' });
    const owner = person({ workEmail: 'svc-build@acme.example' });
    const report = matchIdentities({
      people: [hrOnly, owner],
      users: [user('svc-build@acme.example', 'svc'), user('Admin7', 'adm'), user('vic@acme.example', 'vic')],
      allowlist: ['svc-*@acme.example', '/^admin\\d+$/'],
    });
    expect(report.matched).toEqual([]);
    expect(report.hrOnly).toEqual([hrOnly, owner]);
    expect(report.incydrOnly).toEqual([
      { userId: 'vic', username: 'vic@acme.example', actorId: null, allowlisted: false },
      { userId: 'svc', username: 'svc-build@acme.example', actorId: null, allowlisted: true },
      { userId: 'adm', username: 'Admin7', actorId: null, allowlisted: true },
    ]);
  });

  it('refuses a broken allowlist entry with a message naming it', () => {
    expect(() => matchIdentities({ people: [], users: [], allowlist: ['ok@acme.example', '/([a-z/'] })).toThrow(
      /allowlist entry 2 \("\/\(\[a-z\/"\) is not a valid regular expression/,
    );
  });
});
