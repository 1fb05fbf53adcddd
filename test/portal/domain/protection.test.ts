import { describe, expect, it } from 'vitest';
import { protectionReason } from '../../../portal/src/domain/protection.js';

const agent = { subjectType: 'agent', subjectId: 'a-1', ownerUserId: 'u-1' };

describe('protectionReason', () => {
  it('protects a subject with an active hold, and the devices of a held person', () => {
    expect(protectionReason(agent, 100, [{ subjectType: 'agent', subjectId: 'a-1', reason: 'Matter 7' }], [])).toMatch(/Matter 7/);
    expect(protectionReason(agent, 100, [{ subjectType: 'user', subjectId: 'u-1', reason: 'Custodian' }], [])).toMatch(/Custodian/);
    expect(protectionReason(agent, 100, [{ subjectType: 'user', subjectId: 'u-2', reason: 'Other' }], [])).toBeNull();
  });

  it('counts preservation marks only when recorded after the request', () => {
    const mark = { subjectType: 'user', subjectId: 'u-1', reason: 'Open case', recordedAt: 150 };
    expect(protectionReason(agent, 100, [], [mark])).toMatch(/later run: Open case/);
    expect(protectionReason(agent, 200, [], [mark])).toBeNull();
  });
});
