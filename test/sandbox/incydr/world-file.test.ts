import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentsPage, User } from '@incydr-health/core/incydr/types';
import { exportWorldFile, loadWorldFile, parseWorld, WorldFileError } from '../../../sandbox/incydr/world-file.js';
import { handModelledWorld } from './fixtures.js';
import { startApi, world } from './helpers.js';

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorldFileError) return err.problems;
    throw err;
  }
  throw new Error('expected the world to be refused');
}

describe('world files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'incydr-sandbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exports byte-identical to JSON.stringify and loads back to an equal world', async () => {
    const w = world(13, 1200);
    const file = join(dir, 'world.json');
    await exportWorldFile(w, file);
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(w));
    expect(await loadWorldFile(file)).toEqual(w);
  });

  it('accepts the hand-modelled world and serves exactly what it pins', async () => {
    const w = parseWorld(handModelledWorld());
    const api = await startApi({ world: w });
    try {
      expect((await api.json<{ users: User[] }>('/v1/users')).users.map((u) => u.username)).toEqual(['Dana.Ortiz@hand.example', 'lee.kim@hand.example', 'svc-backup@hand.example']);
      const stale = await api.json<AgentsPage>('/v1/agents?active=true&notConnectedInLastDays=30');
      expect(stale.agents.map((a) => a.agentId)).toEqual(['a-lee-win']);
      const refused = await api.post('/v1/users/u-dana/deactivate');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'ACTIVE_LEGAL_HOLD', matters: [{ matterId: 'm-active', name: 'Harlow v. Hand' }] });
      expect((await api.post('/v1/agents/deactivate', { agentIds: ['a-dana-mac'] })).status).toBe(400);
      expect((await api.post('/v1/users/u-lee/deactivate')).status).toBe(204);
      expect((await api.json<AgentsPage>('/v1/agents?userId=u-lee')).agents[0]!.active).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('reports every shape error with its JSON path, not just the first', () => {
    const w = handModelledWorld();
    Object.assign(w.tenant.users[1]!, { active: 'yes' });
    Object.assign(w.tenant.agents[0]!, { agentHealthIssueTypes: ['ON_FIRE'] });
    w.tenant.cases[0]!.name = 'n'.repeat(51);
    w.personas[2]!.startDate = '03/02/2020';
    const bad = { ...w, version: 2 };
    const problems = problemsOf(() => parseWorld(bad, 'bad.json'));
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'personas[2].startDate',
        'tenant.users[1].active',
        'tenant.agents[0].agentHealthIssueTypes[0]',
        'tenant.cases[0].name',
      ]),
    );
    expect(problems).toHaveLength(5);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('reports broken references and duplicate ids with their paths', () => {
    const bad = handModelledWorld();
    bad.tenant.agents[1]!.userId = 'u-ghost';
    bad.tenant.custodianships[0]!.matterId = 'm-ghost';
    bad.tenant.users[2]!.userId = 'u-lee';
    const problems = problemsOf(() => parseWorld(bad));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'tenant.users[2].userId', message: 'duplicate user id "u-lee"' },
        { path: 'tenant.agents[1].userId', message: 'unknown user "u-ghost"' },
        { path: 'tenant.custodianships[0].matterId', message: 'unknown matter "m-ghost"' },
      ]),
    );
  });

  it('refuses unreadable and non-JSON files with a clear message', async () => {
    await expect(loadWorldFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot be read: ENOENT/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"format": ');
    await expect(loadWorldFile(broken)).rejects.toThrow(/is not valid JSON/);
    const extra = join(dir, 'extra.json');
    await writeFile(extra, JSON.stringify({ ...handModelledWorld(), surprise: true }));
    const err = await loadWorldFile(extra).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldFileError);
    expect((err as WorldFileError).message).toContain('surprise');
  });
});
