import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../portal/src/config.js';
import { createPortal, loadOrCreateSecret } from '../../portal/src/portal.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('createPortal', () => {
  it('creates the data dir, the SQLite file and a secret on first start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-create-'));
    const dataDir = join(dir, 'nested', 'data');
    const portal = await createPortal(readConfig({ PORTAL_DATA_DIR: dataDir }));
    portal.close();
    expect(existsSync(join(dataDir, 'portal.sqlite'))).toBe(true);
    expect(readFileSync(join(dataDir, 'secret'), 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(loadOrCreateSecret(dataDir, undefined)).toBe(readFileSync(join(dataDir, 'secret'), 'utf8').trim());
  });

  it('uses PORTAL_DATABASE_URL instead of the data-dir file, and PORTAL_SECRET instead of a generated one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-create-'));
    const elsewhere = join(dir, 'other.sqlite');
    const portal = await createPortal(readConfig({ PORTAL_DATA_DIR: join(dir, 'data'), PORTAL_DATABASE_URL: `file:${elsewhere}`, PORTAL_SECRET: 'x'.repeat(40) }));
    const tables = await portal.ctx.database.client.execute(`select count(*) from sqlite_master where name = 'approval_requests'`);
    portal.close();
    expect(tables.rows[0]![0]).toBe(1);
    expect(existsSync(elsewhere)).toBe(true);
    expect(existsSync(join(dir, 'data', 'portal.sqlite'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'secret'))).toBe(false);
  });
});
