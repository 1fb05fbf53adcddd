/**
 * Silent permission gaps: BambooHR drops fields the API key's user may not see, Workday leaves a column empty when
 * the integration user lacks a security domain, and both still answer 200. A roster where a key column is empty for
 * everyone is almost certainly such a gap, so it is named here instead of flowing on as "nobody has an e-mail".
 */
import type { Person } from './person.js';

export interface CoverageGap {
  field: 'people' | 'workEmail' | 'status' | 'terminationDate' | 'employeeId';
  message: string;
}

export function findCoverageGaps(people: readonly Person[]): CoverageGap[] {
  if (people.length === 0) {
    return [{ field: 'people', message: 'the source returned nobody; check the report, its filters and the account\'s access' }];
  }
  const source = people[0]!.source;
  const gaps: CoverageGap[] = [];
  const none = (pick: (p: Person) => unknown) => people.every((p) => pick(p) === null || pick(p) === undefined);
  if (none((p) => p.workEmail) && people.every((p) => p.otherEmails.length === 0)) {
    gaps.push({
      field: 'workEmail',
      message: `no one has a work e-mail: the ${source} account probably may not read it, so nobody can be matched`,
    });
  }
  if (people.every((p) => p.status === 'unknown')) {
    gaps.push({ field: 'status', message: `no one has a readable employment status in ${source}` });
  }
  const leavers = people.filter((p) => p.status === 'terminated');
  // SCIM has no termination date at all; for the others an all-empty column among leavers is a permission gap.
  if (source !== 'scim' && leavers.length > 0 && leavers.every((p) => p.terminationDate === null)) {
    gaps.push({
      field: 'terminationDate',
      message: `${leavers.length} terminated people and none has a termination date: the ${source} account probably may not read it`,
    });
  }
  if (source !== 'scim' && none((p) => p.employeeId)) {
    gaps.push({ field: 'employeeId', message: `no one has an employee number in ${source}; the strongest match key is unavailable` });
  }
  return gaps;
}
