/**
 * `npm run portal` as a user runs it: a child process on a fresh data dir, first-start setup link, the secret file,
 * a restart that keeps data, and a clean exit on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let dir: string | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = undefined;
  dir = undefined;
});

async function start(dataDir: string, args: string[] = []): Promise<{ output: () => string; url: string }> {
  child = spawn(join(root, 'node_modules/.bin/tsx'), ['portal/src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, PORTAL_DATA_DIR: dataDir, PORTAL_PORT: '0', PORTAL_N8N_URL: 'http://127.0.0.1:5678' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child!.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`portal exited with ${code}: ${output}`));
    });
  });
  return { output: () => output, url };
}

/** Signs in through the real form (cookie + CSRF field + same Origin); true when the portal lets the user in. */
async function signIn(url: string, username: string, password: string): Promise<boolean> {
  const form = await fetch(`${url}/login`);
  const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const answer = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, cookie },
    body: new URLSearchParams({ username, password, _csrf: csrf }),
  });
  return answer.status === 303 && !(answer.headers.get('location') ?? '').includes('/login');
}

async function stop(): Promise<number | null> {
  child!.kill('SIGTERM');
  return new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
}

describe('npm run portal', () => {
  it('prints a working one-time admin setup link on first start only, and keeps its data across restarts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-main-'));
    const first = await start(dir);
    const link = /First start: set the admin password within 24 hours at\n\s+(http:\S+)/.exec(first.output())?.[1];
    expect(link).toBeDefined();
    const token = new URL(link!).pathname.split('/').pop()!;
    const page = await fetch(`${first.url}/setup/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Choose a password for <strong>admin</strong>');
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(await stop()).toBe(0);

    const second = await start(dir);
    expect(second.output()).not.toContain('First start');
    expect((await fetch(`${second.url}/setup/${token}`)).status).toBe(200);
  }, 60_000);

  it('--demo prints fresh demo passwords on every start, and only the newest ones sign in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-main-'));
    const hrPassword = (output: string) => /^\s+hr\s+password: (\S+)$/m.exec(output)?.[1];
    const first = await start(dir, ['--demo']);
    const oldPassword = hrPassword(first.output());
    expect(oldPassword).toBeDefined();
    expect(await stop()).toBe(0);

    const second = await start(dir, ['--demo']);
    const newPassword = hrPassword(second.output());
    expect(newPassword).toBeDefined();
    expect(newPassword).not.toBe(oldPassword);
    expect(await signIn(second.url, 'hr', oldPassword!)).toBe(false);
    expect(await signIn(second.url, 'hr', newPassword!)).toBe(true);
  }, 90_000);

  it('refuses to start with invalid configuration and says which variable is wrong', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-main-'));
    const proc = spawn(join(root, 'node_modules/.bin/tsx'), ['portal/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORTAL_DATA_DIR: dir, PORTAL_SMTP_URL: 'mail.example' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('PORTAL_SMTP_URL: PORTAL_SMTP_URL must be a URL');
  }, 30_000);
});
