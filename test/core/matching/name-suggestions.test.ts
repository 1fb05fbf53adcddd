import { describe, expect, it } from 'vitest';
import { matchIdentities } from '../../../core/src/matching/match.js';
import { suggestByName } from '../../../core/src/matching/name-suggestions.js';
import { actor, person, user } from './people.js';

describe('name-only suggestions', () => {
  it('pairs unmatched HR people with unclaimed users of the same folded name, for review only', () => {
    const renee = person({ firstName: 'Renée', lastName: 'Dubois', workEmail: 'rdubois@new.example' });
    const nobody = person({ firstName: 'Uma', lastName: 'Reed', workEmail: 'uma@acme.example' });
    const matched = person({ firstName: 'Ana', lastName: 'Ruiz', workEmail: 'ana@acme.example' });
    const users = [
      { ...user('renee.dubois@old.example', 'u-renee'), firstName: 'Renee', lastName: 'DUBOIS' },
      { ...user('ana@acme.example', 'u-ana'), firstName: 'Ana', lastName: 'Ruiz' },
      { ...user('svc-renee@acme.example', 'u-svc'), firstName: 'Renée', lastName: 'Dubois' },
      user('x9@acme.example', 'u-x9'),
    ];
    const actors = [actor('x9@acme.example', { firstName: 'Uma', lastName: 'Reed' })];
    const report = matchIdentities({ people: [renee, nobody, matched], users, actors, allowlist: ['svc-*@acme.example'] });
    const suggestions = suggestByName(report, { users, actors });
    expect(suggestions.map((s) => [s.person.sourceId, s.name, s.candidates.map((c) => c.userId)])).toEqual([
      [renee.sourceId, 'renee dubois', ['u-renee']],
      [nobody.sourceId, 'uma reed', ['u-x9']],
    ]);
    // Suggestions change nothing in the report: those people are still unmatched.
    expect(report.hrOnly).toEqual([renee, nobody]);
    expect(report.matched.map((m) => m.person)).toEqual([matched]);
  });
});
