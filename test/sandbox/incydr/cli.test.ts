import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NOW } from './helpers.js';

/** The CLI as a user runs it: a real process, real port, real signals (sandbox/cli.ts). */
describe('npm run sandbox (sandbox/cli.ts)', () => {
  const children: ChildProcess[] = [];
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'incydr-cli-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], {
      cwd: join(import.meta.dirname, '../../..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = read().match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${read()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('starts on a free port from env settings, prints URL, credentials and summary, and stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--now', NOW], { SANDBOX_USERS: '12', SANDBOX_SEED: '3' });
    const [, url] = await waitFor(p.out, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const [, id] = await waitFor(p.out, /API client id:\s+(\S+)/);
    const [, secret] = await waitFor(p.out, /API client secret:\s+(\S+)/);
    expect(p.out()).toMatch(/Tenant: Northwind Traders: 12 users .*seed 3, now 2026-11-25T12:00:00.000Z/);
    const token = (await (await fetch(`${url}/v1/oauth`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } })).json()) as { access_token: string };
    const users = (await (await fetch(`${url}/v1/users`, { headers: { Authorization: `Bearer ${token.access_token}` } })).json()) as { totalCount: number };
    expect(users.totalCount).toBe(12);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    await expect(fetch(`${url}/v1/users`)).rejects.toThrow();
  });

  it('exports a world file, serves it back with --tenant, and refuses a broken one listing each problem', async () => {
    const file = join(dir, 'world.json');
    const exp = run(['--export', file, '--users', '8', '--seed', '4', '--now', NOW]);
    expect(await exp.exited).toBe(0);
    expect(exp.out()).toContain(`Wrote ${file}`);
    const world = JSON.parse(await readFile(file, 'utf8')) as { tenant: { users: { active: unknown }[]; agents: { userId: string }[] } };
    expect(world.tenant.users).toHaveLength(8);

    world.tenant.users[2]!.active = 'maybe';
    world.tenant.agents[0]!.userId = 'ghost';
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify(world));
    const bad = run(['--tenant', broken, '--port', '0']);
    expect(await bad.exited).toBe(1);
    expect(bad.err()).toContain('tenant.users[2].active');
    expect(bad.err()).not.toContain('listening');
  });

  it('rejects bad flags with usage and exit code 2', async () => {
    const p = run(['--users', '0', '--error-burst', '3']);
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain('--users: must be at least 1');
    expect(p.err()).toContain('--error-burst: must look like every:length');
    expect(p.err()).toContain('Usage: npm run sandbox');
  });
});
