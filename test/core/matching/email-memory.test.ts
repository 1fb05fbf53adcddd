import { describe, expect, it } from 'vitest';
import { memoryKey, rememberEmails } from '../../../core/src/matching/email-memory.js';
import { matchIdentities } from '../../../core/src/matching/match.js';
import { person, user } from './people.js';

describe('remembered HR addresses', () => {
  it('keeps a leaver matchable after HR blanks the work e-mail, and says whose address changed', () => {
    const before = person({ firstName: 'Omar', lastName: 'Haddad', workEmail: 'Omar.Haddad@acme.example', personalEmail: 'omar@home.example' });
    const first = rememberEmails(new Map(), [before]);
    expect(first.changed).toEqual([]);
    expect(first.memory.get(memoryKey(before))).toEqual(['omar.haddad@acme.example']);

    const after = { ...before, workEmail: null, status: 'terminated' as const, terminationDate: '2026-11-20' };
    const second = rememberEmails(first.memory, [after]);
    expect(second.changed).toEqual([{ person: after, previous: 'omar.haddad@acme.example', current: null }]);
    const report = matchIdentities({ people: [after], users: [user('omar.haddad@acme.example', 'u-omar')], previousEmails: second.memory });
    expect(report.matched[0]).toMatchObject({ method: 'alias', identity: { userId: 'u-omar' } });
    // Without the memory the same leaver would be "missing from Incydr".
    expect(matchIdentities({ people: [after], users: [user('omar.haddad@acme.example')] }).hrOnly).toEqual([after]);
  });

  it('records a name change as a change and keeps both addresses, never the personal one', () => {
    const old = person({ workEmail: 'mia.lopez@acme.example', personalEmail: 'mia@home.example', otherEmails: ['mia@home.example'] });
    const renamed = { ...old, workEmail: 'mia.santos@acme.example' };
    const run1 = rememberEmails(new Map(), [old]);
    const run2 = rememberEmails(run1.memory, [renamed]);
    expect(run2.changed.map((c) => [c.previous, c.current])).toEqual([['mia.lopez@acme.example', 'mia.santos@acme.example']]);
    expect(run2.memory.get(memoryKey(old))).toEqual(['mia.lopez@acme.example', 'mia.santos@acme.example']);
    // The input memory is left as it was.
    expect(run1.memory.get(memoryKey(old))).toEqual(['mia.lopez@acme.example']);
    expect(rememberEmails(run2.memory, [renamed]).changed).toEqual([]);
  });
});
