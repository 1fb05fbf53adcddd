/**
 * `npm start`, the README's main command, started for real as a process (tsx scripts/start.ts) on free ports with a
 * small world: it must print its ready line and every sign-in, and then the portal, n8n and the sandboxes must all
 * answer — the templates imported, one offboarding approval waiting in the portal and its execution waiting in n8n.
 * SIGINT must then stop every process it started (the whole process tree is read from /proc before the signal) and
 * remove its temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isProcessAlive, REPO_ROOT } from '../harness/n8n.js';
import { READY_LINE } from '../../scripts/demo/banner.js';
import { readTemplateFolder } from '../../scripts/templates/load.js';
import { join } from 'node:path';

let demo: ChildProcess | undefined;
let output = '';

afterAll(async () => {
  // Only reached with the demo still running when an assertion failed before the SIGINT step.
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    const tree = descendantsOf(demo.pid!);
    demo.kill('SIGINT');
    await exitOf(demo, 60_000);
    for (const pid of tree) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

/** Every process below `pid`, read from /proc (Linux, where the runtime runs). */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === current && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null } | 'timeout'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s; output so far:\n${output.slice(-4000)}`)), timeoutMs);
    const check = () => {
      if (pattern.test(output)) {
        clearTimeout(timer);
        demo!.stdout!.off('data', check);
        resolve();
      }
    };
    demo!.stdout!.on('data', check);
    demo!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before ${pattern}; output:\n${output.slice(-4000)}`));
    });
    check();
  });
}

async function answers(url: string): Promise<number | 'refused'> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 'refused';
  }
}

describe('npm start (the one-command demo)', () => {
  it('starts everything, leaves an approval waiting, answers on every address, and stops every process on SIGINT', async () => {
    const ports = { portal: await freePort() };
    const env: Record<string, string | undefined> = { ...process.env, SANDBOX_PORT: '0', PORTAL_PORT: String(ports.portal), N8N_PORT: '0', SANDBOX_USERS: '120' };
    // A user's shell has neither: vitest's NODE_ENV=test would change how the portal and n8n behave.
    delete env.NODE_ENV;
    delete env.VITEST;
    demo = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout!.setEncoding('utf8');
    demo.stderr!.setEncoding('utf8');
    demo.stdout!.on('data', (chunk: string) => (output += chunk));
    demo.stderr!.on('data', (chunk: string) => (output += chunk));

    await waitForOutput(new RegExp(READY_LINE.replace('.', '\\.')), 420_000);
    await waitForOutput(/Press Ctrl-C to stop everything/, 10_000);

    // Every demo sign-in is printed, with the address to use it at.
    const portalUrl = `http://127.0.0.1:${ports.portal}`;
    expect(output).toContain(`Portal          ${portalUrl}/login`);
    const passwords = new Map([...output.matchAll(/^ {4}(admin|ops|hr|legal|viewer)\s+(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...passwords.keys()]).toEqual(expect.arrayContaining(['admin', 'ops', 'hr', 'legal']));
    const detailsFile = /Details for scripts \(tokens, ids\): (\S+)/.exec(output)![1]!;
    const details = JSON.parse(readFileSync(detailsFile, 'utf8')) as {
      portal: { apiToken: string };
      n8n: { url: string; apiKey: string };
      approval: { workflowId: string; executionId: string; requestId: number; planItems: number };
      incydr: { url: string };
      hr: { bambooHr: string; workday: string; scim: string };
    };
    expect(output).toMatch(new RegExp(`n8n\\s+${details.n8n.url.replace(/[.]/g, '\\.')}`));
    // Secrets stay in the owner-only file, not on the terminal.
    expect(output).not.toContain(details.portal.apiToken);
    expect(output).not.toContain(details.n8n.apiKey);

    // The portal: its sign-in page, a real sign-in as HR, and the waiting approval through the API.
    const signInPage = await fetch(`${portalUrl}/login`);
    expect(signInPage.status).toBe(200);
    const html = await signInPage.text();
    expect(html).toContain('name="password"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const signedIn = await fetch(`${portalUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: portalUrl },
      body: new URLSearchParams({ username: 'hr', password: passwords.get('hr')!, _csrf: csrf, next: '/approvals' }),
    });
    expect(signedIn.status).toBe(303);
    const request = await fetch(`${portalUrl}/api/v1/approval-requests/${details.approval.requestId}`, { headers: { authorization: `Bearer ${details.portal.apiToken}` } });
    expect(request.status).toBe(200);
    const record = (await request.json()) as { status: string; items: unknown[] };
    expect(record.status).toBe('pending');
    expect(record.items).toHaveLength(details.approval.planItems);
    expect(details.approval.planItems).toBeGreaterThan(0);

    // n8n: every valid template imported, and the offboarding execution waiting for the decision.
    const n8nApi = async <T>(path: string) => {
      const response = await fetch(`${details.n8n.url}/api/v1${path}`, { headers: { 'x-n8n-api-key': details.n8n.apiKey } });
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    };
    const shipped = (await readTemplateFolder(join(REPO_ROOT, 'workflows'))).checks.flatMap((c) => (c.ok ? [c.template.workflow.name] : []));
    const imported = (await n8nApi<{ data: { name: string }[] }>('/workflows?tags=incydr-health')).data.map((w) => w.name);
    expect(imported.sort()).toEqual(shipped.sort());
    expect(imported).toContain('Offboarding cross-check');
    expect(await n8nApi<{ status: string; workflowId: string }>(`/executions/${details.approval.executionId}`)).toMatchObject({
      status: 'waiting',
      workflowId: details.approval.workflowId,
    });

    // The sandboxes: the Incydr API hands the demo client a token; the HR servers answer.
    const incydrSecret = /API client (\S+) \/ (\S+)/.exec(output)!;
    const oauth = await fetch(`${details.incydr.url}/v1/oauth`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${incydrSecret[1]}:${incydrSecret[2]}`).toString('base64')}` },
    });
    expect(oauth.status).toBe(200);
    for (const url of [details.hr.bambooHr, details.hr.workday, details.hr.scim]) expect(await answers(url), url).not.toBe('refused');

    // Ctrl-C: every process it started ends, the addresses go quiet, the temporary folder is gone.
    const tree = descendantsOf(demo.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    demo.kill('SIGINT');
    const exit = await exitOf(demo, 90_000);
    expect(exit, output.slice(-2000)).toEqual({ code: 0, signal: null });
    expect(output).toContain('Stopped.');
    for (let i = 0; i < 40 && tree.some(isProcessAlive); i++) await new Promise((r) => setTimeout(r, 250));
    expect(tree.filter(isProcessAlive)).toEqual([]);
    for (const url of [`${portalUrl}/login`, `${details.n8n.url}/healthz`, details.incydr.url, details.hr.scim]) expect(await answers(url), url).toBe('refused');
    expect(existsSync(detailsFile)).toBe(false);
    // Boot, build, two n8n CLI calls and the portal's password hashing: minutes on a shared two-core machine.
  }, 600_000);
});
