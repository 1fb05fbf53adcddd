/**
 * `npm start`: the whole kit on one machine, without a Code42 tenant.
 *
 * 1. the Incydr and HR sandboxes (BambooHR, Workday RaaS, SCIM) on one generated world, in this process;
 * 2. real n8n 2.x with this repo's node package installed as users install it (the runtime is installed once into
 *    a cache folder, with a progress line);
 * 3. the portal on a fresh SQLite file with demo users (admin, ops, hr, legal, viewer), as a child process;
 * 4. every template imported with `templates:import --sandbox`: credentials point at the sandboxes, the portal API
 *    token and the resume secret are wired;
 * 5. the Offboarding cross-check run once, so an approval waits in the portal.
 *
 * Then it prints every address and sign-in and a line saying it is ready. Ctrl-C (or SIGTERM) stops everything it
 * started and removes the demo's temporary folder. `--no-n8n` skips steps 2, 4 and 5.
 * Ports: SANDBOX_PORT (4010; the HR sandboxes take the next three; 0 = any free ports), PORTAL_PORT (4020),
 * N8N_PORT (5678; 0 = any free port). World: SANDBOX_USERS (200), SANDBOX_SEED (42).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { buildNodePackage, N8N_OWNER, REPO_ROOT, startN8n, type N8nInstance } from '../test/harness/n8n.js';
import { readyBanner, signInOf, type DemoInfo } from './demo/banner.js';
import { runOffboardingOnce, type WaitingApproval } from './demo/offboarding-run.js';
import { issueDemoToken } from './demo/portal-token.js';
import { ChildProcesses } from './demo/processes.js';
import { ensureRuntime } from './demo/runtime.js';
import { sandboxImportEnv, startDemoSandboxes, type DemoSandboxes } from './demo/sandboxes.js';

const port = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a port number` }).int(`${name} must be a whole number`).min(0, `${name} must be 0–65535`).max(65535, `${name} must be 0–65535`).default(fallback);
const envSchema = z.object({
  SANDBOX_PORT: port('SANDBOX_PORT', 4010),
  PORTAL_PORT: port('PORTAL_PORT', 4020),
  N8N_PORT: port('N8N_PORT', 5678),
  SANDBOX_USERS: z.coerce.number().int().min(10, 'SANDBOX_USERS must be at least 10').max(20_000, 'SANDBOX_USERS must be at most 20000').default(200),
  SANDBOX_SEED: z.string().min(1).default('42'),
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const children = new ChildProcesses(log);
const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
let sandboxes: DemoSandboxes | undefined;
let n8n: N8nInstance | undefined;
let demoDir: string | undefined;
let stopping: Promise<never> | undefined;

function stop(code: number, why: string): Promise<never> {
  stopping ??= (async () => {
    log(`\n${why}: stopping the demo…`);
    await children.stopAll();
    await n8n?.stop().catch((error: unknown) => log(`[n8n] stop failed: ${error instanceof Error ? error.message : String(error)}`));
    await sandboxes?.close();
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
    log('Stopped.');
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) log('Still stopping; one moment…');
    else void stop(0, signal);
  });
}

/** The portal child runs `npm run portal -- --demo`'s entry point; its sign-ins are collected from its output. */
async function startPortal(env: Record<string, string>, signIns: DemoInfo['signIns']) {
  const portal = children.start('portal', tsx, ['portal/src/main.ts', '--demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    // Its JSON maintenance logs would drown the demo's own lines; problems are still shown.
    quiet: (line) => {
      const signIn = signInOf(line);
      if (signIn) signIns.push(signIn);
      return line.startsWith('{"level":"info"');
    },
  });
  await portal.waitForLine(/listening on/, 120_000);
  portal.exited.then((code) => {
    if (!stopping) void stop(1, `the portal exited unexpectedly (${code})`);
  });
}

async function importTemplates(target: N8nInstance, env: Record<string, string>): Promise<number> {
  const run = children.start('templates', tsx, ['scripts/templates-import.ts', '--sandbox', '--url', target.baseUrl], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, N8N_API_KEY: target.apiKey, ...env },
  });
  const code = await run.exited;
  if (code !== 0) throw new Error(`templates:import failed (exit ${code}); see the [templates] lines above`);
  const imported = await target.api<{ data: unknown[] }>('/workflows?tags=incydr-health');
  return imported.data.length;
}

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const settings = parsed.data;
  const withN8n = !process.argv.includes('--no-n8n');
  demoDir = mkdtempSync(join(tmpdir(), 'incydr-health-demo-'));

  sandboxes = await startDemoSandboxes({ port: settings.SANDBOX_PORT, users: settings.SANDBOX_USERS, seed: settings.SANDBOX_SEED });
  const t = sandboxes.world.tenant;
  log(`[sandbox] Incydr ${sandboxes.incydr.url}: ${t.users.length} users, ${t.agents.length} agents, ${t.matters.length} legal-hold matters, ${t.cases.length} cases`);
  log(`[sandbox] BambooHR ${sandboxes.hr.bamboohr.url}, Workday ${sandboxes.hr.workday.url}, SCIM ${sandboxes.hr.scim.url}`);

  if (withN8n) {
    await ensureRuntime(REPO_ROOT, children, log);
    log('[n8n] building the node package and starting n8n…');
    const packageDir = buildNodePackage(join(demoDir, 'package'));
    // N8N_PORT=0 lets the harness pick a free port for n8n and its task broker together.
    n8n = await startN8n({ packages: [packageDir], port: settings.N8N_PORT === 0 ? undefined : settings.N8N_PORT, bootTimeoutMs: 300_000 });
    log(`[n8n] ready in ${(n8n.bootMs / 1000).toFixed(1)} s at ${n8n.baseUrl} with n8n-nodes-incydr-health installed`);
  }

  const portalUrl = `http://127.0.0.1:${settings.PORTAL_PORT}`;
  const resumeSecret = randomBytes(24).toString('base64url');
  const portalEnv: Record<string, string> = {
    PORTAL_PORT: String(settings.PORTAL_PORT),
    PORTAL_DATA_DIR: join(demoDir, 'portal'),
    PORTAL_PUBLIC_URL: portalUrl,
    PORTAL_N8N_RESUME_SECRET: resumeSecret,
    ...(n8n ? { PORTAL_N8N_URL: n8n.baseUrl } : {}),
  };
  mkdirSync(portalEnv.PORTAL_DATA_DIR!, { recursive: true });
  const apiToken = await issueDemoToken(portalEnv);
  const signIns: DemoInfo['signIns'] = [];
  await startPortal(portalEnv, signIns);

  let templates = 0;
  let approval: WaitingApproval | undefined;
  if (n8n) {
    templates = await importTemplates(n8n, sandboxImportEnv(sandboxes, { url: portalUrl, apiToken, resumeSecret }));
    log('[demo] running the Offboarding cross-check once, so an approval waits in the portal…');
    approval = await runOffboardingOnce(n8n);
    log(`[demo] execution ${approval.executionId} waits for approval request ${approval.requestId} (${approval.planItems} items)`);
  }

  const detailsFile = join(demoDir, 'demo.json');
  // Tokens and keys go to a file only its owner can read, never to the terminal.
  const details = {
    portal: { url: portalUrl, apiToken, signIns },
    n8n: n8n ? { url: n8n.baseUrl, apiKey: n8n.apiKey, owner: { email: N8N_OWNER.email, password: N8N_OWNER.password } } : null,
    approval: approval ?? null,
    incydr: { url: sandboxes.incydr.url },
    hr: { bambooHr: sandboxes.hr.bamboohr.url, workday: sandboxes.hr.workday.url, scim: sandboxes.hr.scim.url },
    pids: { demo: process.pid, portal: children.running().find((c) => c.name === 'portal')?.process.pid ?? null, n8n: n8n?.pid ?? null, n8nChildren: n8n?.childPids ?? [] },
  };
  writeFileSync(detailsFile, `${JSON.stringify(details, null, 2)}\n`, { mode: 0o600 });

  for (const line of readyBanner({
    portalUrl,
    signIns,
    n8n: n8n ? { url: n8n.baseUrl, email: N8N_OWNER.email, password: N8N_OWNER.password, templates } : undefined,
    approval: approval ? { requestId: approval.requestId, planItems: approval.planItems, dryRun: true } : undefined,
    incydr: { url: sandboxes.incydr.url, clientId: sandboxes.incydr.clientId, clientSecret: sandboxes.incydr.clientSecret },
    hr: { bambooHr: sandboxes.bambooHrBaseUrl, workday: sandboxes.hr.workday.reportUrl, scim: sandboxes.hr.scim.url },
    detailsFile,
  })) {
    log(line);
  }
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  await stop(1, `Cannot start the demo: ${error instanceof Error ? error.message : String(error)}`);
});
