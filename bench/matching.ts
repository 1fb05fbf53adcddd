/**
 * `npm run bench -- matching`: match 20,000 HR people to 100,000 Incydr users and their actors, and print the CPU
 * time of the matching alone (process.cpuUsage). Target: under 1 s of CPU. The population mixes every rung:
 * employee ids, exact and differently-cased addresses, HR aliases, actor alternate names, ambiguous and missing
 * people, allowlisted service accounts.
 */
import type { Actor, User } from '../core/src/incydr/types.js';
import type { Person } from '../core/src/hr/person.js';
import { emptyPerson } from '../core/src/hr/record.js';
import { matchIdentities, type MatchInput } from '../core/src/matching/match.js';

const HR_PEOPLE = 20_000;
const INCYDR_USERS = 100_000;

function buildInput(): MatchInput {
  const users: User[] = [];
  const actors: Actor[] = [];
  const employeeIdsByUserId = new Map<string, string>();
  for (let i = 0; i < INCYDR_USERS; i += 1) {
    const service = i % 50 === 0;
    const username = service ? `svc-${i}@acme.example` : `user${i}@acme.example`;
    users.push({
      userId: `u${i}`,
      legacyUserId: String(i),
      username: i % 7 === 0 ? username.toUpperCase() : username,
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
    });
    actors.push({
      actorId: `a${i}`,
      name: username,
      active: true,
      // Every tenth actor knows a renamed address; every 997th shares one with its neighbour (ambiguous).
      alternateNames: [...(i % 10 === 3 ? [`renamed${i}@acme.example`] : []), ...(i % 997 < 2 ? [`shared${Math.floor(i / 997)}@acme.example`] : [])],
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
    });
    if (i % 4 === 0) employeeIdsByUserId.set(`u${i}`, `E${i}`);
  }
  const people: Person[] = [];
  for (let j = 0; j < HR_PEOPLE; j += 1) {
    const i = j * 5 + 1 + (j % 3);
    const person = emptyPerson('workday', `W${j}`);
    person.status = j % 9 === 0 ? 'terminated' : 'active';
    person.firstName = `First${j}`;
    person.lastName = `Last${j}`;
    if (j % 11 === 0) person.employeeId = `E${i - (i % 4)}`;
    if (i % 10 === 3) person.workEmail = `renamed${i}@acme.example`;
    else if (j % 13 === 0) person.workEmail = `missing${j}@acme.example`;
    else person.workEmail = `User${i}@Acme.example`;
    if (j % 17 === 0) person.otherEmails = [`shared${j % 100}@acme.example`, `user${i}@acme.example`];
    people.push(person);
  }
  return { people, users, actors, employeeIdsByUserId, allowlist: ['svc-*@acme.example', '/^admin-\\d+$/'] };
}

export async function run(): Promise<void> {
  const input = buildInput();
  matchIdentities({ ...input, people: input.people.slice(0, 200), users: input.users.slice(0, 1000) }); // warm-up
  const rounds = 5;
  const cpu: number[] = [];
  let report = matchIdentities(input);
  for (let round = 0; round < rounds; round += 1) {
    const before = process.cpuUsage();
    report = matchIdentities(input);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  const byMethod: Record<string, number> = {};
  for (const m of report.matched) byMethod[m.method] = (byMethod[m.method] ?? 0) + 1;
  console.log(`HR people ${HR_PEOPLE}, Incydr users ${INCYDR_USERS}, actors ${input.actors!.length}`);
  console.log(
    `matched ${report.matched.length} (${Object.entries(byMethod).map(([k, v]) => `${k} ${v}`).join(', ')}), ambiguous ${report.ambiguous.length}, hr-only ${report.hrOnly.length}, incydr-only ${report.incydrOnly.length} (allowlisted ${report.incydrOnly.filter((u) => u.allowlisted).length})`,
  );
  console.log(
    `CPU per match run over ${rounds} runs: median ${cpu[Math.floor(rounds / 2)]!.toFixed(0)} ms, min ${cpu[0]!.toFixed(0)} ms, max ${cpu[rounds - 1]!.toFixed(0)} ms (target < 1000 ms)`,
  );
}
