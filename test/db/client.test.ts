import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { decisions, users } from '../../db/schema.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

let temp: TempDatabase | undefined;
afterEach(() => {
  temp?.dispose();
  temp = undefined;
});

async function seedItem(t: TempDatabase): Promise<{ userId: number; itemId: number; requestId: number }> {
  const { client } = t.database;
  await client.execute(`insert into users (username, display_name, role, created_at) values ('hr1', 'HR One', 'hr', 1)`);
  await client.execute(
    `insert into approval_requests (title, plan_kind, plan_hash, plan_created_at, stages, stage_order, resume_url_sealed, submission_key, status, created_at)
     values ('t', 'offboarding', 'sha256:x', '2026-01-01', '["hr"]', 'sequential', 'sealed', 'k1', 'pending', 1)`,
  );
  await client.execute(
    `insert into request_items (request_id, plan_item_id, position, action, subject_type, subject_id, subject_name, reasons, required_roles)
     values (1, 'deactivate-user:user:u1', 0, 'deactivate-user', 'user', 'u1', 'ann', '[]', '["hr"]')`,
  );
  return { userId: 1, itemId: 1, requestId: 1 };
}

describe('openDatabase on a local file', () => {
  it('runs in WAL mode with every migration applied', async () => {
    temp = await createTempDatabase();
    const mode = await temp.database.client.execute('PRAGMA journal_mode');
    expect(mode.rows[0]?.[0]).toBe('wal');
    const tables = await temp.database.client.execute(`select name from sqlite_master where type = 'table' order by name`);
    const names = tables.rows.map((r) => r[0]);
    for (const table of ['users', 'sessions', 'runs', 'findings', 'approval_requests', 'decisions', 'outbox', 'audit_log', 'holds']) {
      expect(names).toContain(table);
    }
  });

  it('enforces roles with a CHECK constraint, not just in TypeScript', async () => {
    temp = await createTempDatabase();
    await expect(
      temp.database.client.execute(`insert into users (username, display_name, role, created_at) values ('x', 'X', 'root', 1)`),
    ).rejects.toThrow(/CHECK constraint failed/);
  });

  it('stores one decision per item and stage, whatever the writers do', async () => {
    temp = await createTempDatabase();
    const { userId, itemId, requestId } = await seedItem(temp);
    const row = { requestId, itemId, stage: 'hr' as const, verdict: 'approve' as const, comment: '', userId, decidedAt: 2 };
    const { database } = temp;
    const inserted = await Promise.all(
      Array.from({ length: 50 }, () =>
        database.write((tx) => tx.insert(decisions).values(row).onConflictDoNothing().returning({ id: decisions.id })),
      ),
    );
    expect(inserted.filter((r) => r.length === 1)).toHaveLength(1);
    const count = await database.db.select({ n: sql<number>`count(*)` }).from(decisions);
    expect(count[0]?.n).toBe(1);
  });

  it('serialises concurrent write transactions instead of failing them', async () => {
    temp = await createTempDatabase();
    const { database } = temp;
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        database.write((tx) =>
          tx.insert(users).values({ username: `u${i}`, displayName: `U ${i}`, role: 'viewer', createdAt: i }).returning(),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const count = await database.db.select({ n: sql<number>`count(*)` }).from(users);
    expect(count[0]?.n).toBe(100);
    expect(database.queue.depth).toBe(0);
  });

  it('rolls back a failed transaction and keeps serving the ones queued after it', async () => {
    temp = await createTempDatabase();
    const { database } = temp;
    const failing = database.write(async (tx) => {
      await tx.insert(users).values({ username: 'gone', displayName: 'Gone', role: 'viewer', createdAt: 1 });
      throw new Error('boom');
    });
    const next = database.write((tx) =>
      tx.insert(users).values({ username: 'kept', displayName: 'Kept', role: 'viewer', createdAt: 1 }).returning(),
    );
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toHaveLength(1);
    const rows = await database.db.select({ username: users.username }).from(users);
    expect(rows.map((r) => r.username)).toEqual(['kept']);
  });
});
