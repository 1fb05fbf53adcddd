/**
 * Portal throughput on a real SQLite file: findings ingestion, simultaneous decisions on one item, a 500-item
 * decision, dashboard and approvals rendering, and audit-chain verification. Prints one line per figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '@incydr-health/core/health/canonical-json';
import { createHash } from 'node:crypto';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';
import { readConfig } from '../portal/src/config.js';
import { createPortal } from '../portal/src/portal.js';
import { createApiToken } from '../portal/src/services/api-tokens.js';
import { decide, loadRequest, submitPlan } from '../portal/src/services/approvals.js';
import { verifyAudit } from '../portal/src/services/audit.js';
import { createSession } from '../portal/src/services/sessions.js';
import { addFindings, upsertRun, type FindingInput } from '../portal/src/services/runs.js';
import { createUser, findUserById, type User } from '../portal/src/services/users.js';
import { sessionCookieName } from '../portal/src/http/session.js';

function plan(count: number, salt: string): ActionPlan {
  const items: PlanItem[] = Array.from({ length: count }, (_, i) => ({
    id: `deactivate-user:user:${salt}-${i}`,
    action: 'deactivate-user',
    subject: { type: 'user', id: `${salt}-${i}`, name: `person${i}@corp.example` },
    reasons: [{ code: 'TERMINATED_STILL_ACTIVE', message: 'Terminated in HR, active in Incydr.', evidence: { hrRecordId: `HR-${i}` } }],
    requiredRoles: ['hr'],
  }));
  // The plan builder's hash (the portal refuses any other), computed synchronously.
  const hash = `sha256:${createHash('sha256').update(canonicalJson({ items, kind: 'offboarding' })).digest('hex')}`;
  return { version: 1, kind: 'offboarding', createdAt: '2026-11-25T08:00:00Z', items, hash };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const portal = await createPortal(
    readConfig({ PORTAL_DATA_DIR: dir, PORTAL_N8N_URL: 'http://127.0.0.1:5678', PORTAL_PUBLIC_URL: 'http://localhost:4020' }),
    { scryptCost: { N: 2 ** 10, r: 8, p: 1 } },
  );
  const { ctx, app } = portal;
  try {
    // 1. Findings ingestion: 60 runs x 1,000 findings in batches of 1,000.
    const RUNS = 60;
    const PER_RUN = 1000;
    const [, ingestMs] = await timed(async () => {
      for (let r = 0; r < RUNS; r += 1) {
        const { run: created } = await upsertRun(ctx, { workflow: 'Device health', executionId: String(r), trigger: 'schedule', status: 'succeeded', startedAt: Date.parse('2026-09-01T00:00:00Z') + r * 86_400_000 });
        const batch: FindingInput[] = Array.from({ length: PER_RUN }, (_, i) => ({
          category: (['stale-agent', 'outdated-agent', 'unhealthy-agent', 'terminated-active-user'] as const)[i % 4]!,
          subjectType: 'agent',
          subjectId: `agent-${i}`,
          subjectName: `host-${i}`,
          issue: i % 4 === 2 ? (['NOT_CONNECTING', 'NOT_SENDING_SECURITY_EVENTS'] as const)[i % 2] : null,
        }));
        await addFindings(ctx, created.id, batch);
      }
    });
    console.log(`findings ingest: ${RUNS * PER_RUN} rows in ${ingestMs.toFixed(0)} ms (${((RUNS * PER_RUN) / (ingestMs / 1000)).toFixed(0)} rows/s)`);

    const { row: token } = await createApiToken(ctx, { id: null, name: 'bench' }, { name: 'n8n', scopes: ['approvals:write'], expiresAt: null });
    const principal = { tokenId: token.id, name: 'n8n', scopes: ['approvals:write' as const] };
    const reviewers: User[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { user } = await createUser(ctx, 'bench', { username: `hr${i}`, displayName: `HR ${i}`, email: null, role: 'hr', password: 'correct horse battery staple' });
      reviewers.push((await findUserById(ctx, user.id))!);
    }

    // 2. 100 simultaneous decisions on one item.
    const { request: single } = await submitPlan(ctx, principal, { plan: plan(1, 'one'), title: 'one', order: 'sequential', resumeUrl: 'http://127.0.0.1:5678/webhook-waiting/1?signature=s' });
    const itemId = (await loadRequest(ctx, single.id))!.items[0]!.id;
    const [outcomes, raceMs] = await timed(() =>
      Promise.allSettled(Array.from({ length: 100 }, (_, i) => decide(ctx, reviewers[i % 4]!, single.id, { itemIds: [itemId], verdict: 'approve', comment: '' }))),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled' && o.value.results[0]!.ok).length;
    console.log(`100 simultaneous decisions on one item: ${raceMs.toFixed(0)} ms, ${won} stored, ${100 - won} told "already decided"`);

    // 3. One reviewer approving a 500-item plan at once.
    const { request: big } = await submitPlan(ctx, principal, { plan: plan(500, 'big'), title: 'big', order: 'sequential', resumeUrl: 'http://127.0.0.1:5678/webhook-waiting/2?signature=s' });
    const ids = (await loadRequest(ctx, big.id))!.items.map((i) => i.id);
    const [, bigMs] = await timed(() => decide(ctx, reviewers[0]!, big.id, { itemIds: ids, verdict: 'approve', comment: 'bulk' }));
    console.log(`approve 500 items in one decision: ${bigMs.toFixed(0)} ms`);

    // 4. Page rendering through the full middleware stack (with 50 more pending requests of 100 items each).
    for (let i = 0; i < 50; i += 1) {
      await submitPlan(ctx, principal, { plan: plan(100, `inbox${i}`), title: `inbox ${i}`, order: 'sequential', resumeUrl: `http://127.0.0.1:5678/webhook-waiting/${100 + i}?signature=s` });
    }
    const sessionToken = await createSession(ctx, reviewers[0]!.id);
    const cookie = `${sessionCookieName(ctx)}=${sessionToken}`;
    for (const [label, path] of [
      ['dashboard (60 runs x 1,000 findings)', '/'],
      ['approval request with 500 items', `/approvals/${big.id}`],
      ['runs list', '/runs'],
      ['approvals inbox (52 requests, 5,500 items)', '/approvals'],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        const [, ms] = await timed(async () => {
          const res = await app.request(`http://localhost:4020${path}`, { headers: { cookie } });
          await res.text();
        });
        samples.push(ms);
      }
      samples.sort((a, b) => a - b);
      console.log(`render ${label}: median ${samples[5]!.toFixed(1)} ms, max ${samples[9]!.toFixed(1)} ms (10 requests)`);
    }

    // 5. Audit chain verification.
    const [verdict, verifyMs] = await timed(() => verifyAudit(ctx));
    console.log(`audit verify: ${verdict.checked} rows in ${verifyMs.toFixed(1)} ms (ok=${verdict.ok})`);
  } finally {
    portal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
