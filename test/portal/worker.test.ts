import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../portal/src/services/outbox.js';
import { loadRequest } from '../../portal/src/services/approvals.js';
import { runMaintenance, startWorker } from '../../portal/src/worker.js';
import type { Transport } from '../../portal/src/services/outbox.js';
import { makePlan, resumeUrl } from './fixtures.js';
import { createTestPortal, type TestPortal } from './harness.js';

let t: TestPortal;
beforeEach(async () => {
  t = await createTestPortal();
});
afterEach(() => t.dispose());

function recording(): { transports: Record<'resume' | 'mail', Transport>; sent: string[] } {
  const sent: string[] = [];
  const record: Transport = async (row) => {
    sent.push(row.key);
    return { delivered: true, via: 'test' };
  };
  return { transports: { resume: record, mail: record }, sent };
}

describe('runMaintenance', () => {
  it('expires overdue requests and delivers their resume call in the same round', async () => {
    await t.addUser('hr', 'hedy', 'hedy@example.test');
    const res = await t.api('POST', '/approval-requests', await t.token(), {
      title: 'Due soon',
      plan: makePlan(1, { roles: ['hr'] }),
      resumeUrl: resumeUrl('3'),
      deadline: new Date(t.clock.now() + 60_000).toISOString(),
    });
    const { requestId } = (await res.json()) as { requestId: number };
    const { transports, sent } = recording();
    expect(await runMaintenance(t.ctx, transports)).toMatchObject({ expired: 0, delivery: { delivered: 1 } });
    t.clock.advance(61_000);
    const report = await runMaintenance(t.ctx, transports);
    expect(report.expired).toBe(1);
    expect(sent).toEqual([`notify:${requestId}:hr`, `resume:${requestId}`]);
    expect((await loadRequest(t.ctx, requestId))!.request.status).toBe('expired');
    expect(await runMaintenance(t.ctx, transports)).toMatchObject({ expired: 0, delivery: { attempted: 0 } });
  });
});

describe('startWorker', () => {
  it('runs a first round at once and stops cleanly', async () => {
    await t.api('POST', '/approval-requests', await t.token(), { title: 'T', plan: makePlan(1, { roles: ['legal'] }), resumeUrl: resumeUrl('4') });
    const worker = startWorker(t.ctx, 60_000);
    await worker.stop();
    const [mail] = await listOutbox(t.ctx, 'mail');
    expect(mail!.deliveredVia).toBe('kept');
  });
});
