/**
 * `npm start`: the whole kit on the embedded default, for trying it out on one machine.
 *
 * - the Incydr and HR sandboxes (`npm run sandbox`), a generated tenant,
 * - the portal on a local SQLite file with demo users (`npm run portal -- --demo`),
 * - real n8n 2.x (installed once into a cache folder) with this repo's node package installed as a package.
 *
 * Each part is a child process with its output prefixed; Ctrl-C stops them all. `--no-n8n` skips n8n (fast start).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNodePackage, N8N_OWNER, REPO_ROOT, startN8n, type N8nInstance } from '../test/harness/n8n.js';

const args = new Set(process.argv.slice(2));
const withN8n = !args.has('--no-n8n');
const ports = {
  incydr: Number(process.env.SANDBOX_PORT ?? 4010),
  portal: Number(process.env.PORTAL_PORT ?? 4020),
  n8n: Number(process.env.N8N_PORT ?? 5678),
};

const children: ChildProcess[] = [];
let n8n: N8nInstance | undefined;
let stopping = false;

function run(name: string, command: string, commandArgs: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, commandArgs, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  relay(child.stdout!, process.stdout);
  relay(child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the kit.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer | string) => {
      if (pattern.test(String(chunk))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('exited before it was ready'));
    });
  });
}

async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the kit…');
  await n8n?.stop().catch(() => undefined);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

async function main(): Promise<void> {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

  const sandbox = run('sandbox', tsx, ['sandbox/cli.ts', '--port', String(ports.incydr)]);
  await waitForLine(sandbox, /listening on/, 120_000);

  if (withN8n) {
    console.log('[n8n] making sure the pinned n8n runtime is installed (first time: a few minutes)…');
    const ensure = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'n8n-runtime.mjs'), 'ensure'], { cwd: REPO_ROOT, stdio: 'inherit' });
    const ensured = await new Promise<number | null>((resolve) => ensure.once('exit', resolve));
    if (ensured !== 0) throw new Error('the n8n runtime could not be installed (see above)');
    const pkg = buildNodePackage(mkdtempSync(join(tmpdir(), 'incydr-health-pkg-')));
    n8n = await startN8n({ packages: [pkg], port: ports.n8n });
    console.log(`[n8n] ready in ${(n8n.bootMs / 1000).toFixed(1)} s with n8n-nodes-incydr-health installed`);
  }

  const portal = run('portal', tsx, ['portal/src/main.ts', '--demo'], {
    PORTAL_PORT: String(ports.portal),
    ...(n8n ? { PORTAL_N8N_URL: n8n.baseUrl } : {}),
  });
  await waitForLine(portal, /listening on/, 120_000);

  console.log('\nIncydr Health is running:');
  console.log(`  Incydr sandbox   http://127.0.0.1:${ports.incydr}   (API client id/secret printed by [sandbox] above)`);
  console.log(`  Portal           http://127.0.0.1:${ports.portal}   (demo sign-ins printed by [portal] above)`);
  if (n8n) console.log(`  n8n              ${n8n.baseUrl}   (sign in as ${N8N_OWNER.email} / ${N8N_OWNER.password})`);
  console.log('Press Ctrl-C to stop everything.');
}

main().catch(async (error: unknown) => {
  console.error(`Cannot start the kit: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
});
