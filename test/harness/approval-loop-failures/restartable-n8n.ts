/**
 * A real n8n that can go down and come back on the same data folder and port, as an operator's restart or a crash
 * and recovery would: the waiting executions, credentials, API key and owner live on in its SQLite file. The first
 * boot is the shared harness's `startN8n` (kept folder); a relaunch repeats the exact command line and environment
 * the first process ran with, read from /proc, so both boots are configured identically.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startN8n, type N8nInstance, type StartN8nOptions } from '../n8n.js';

export interface RestartableN8n {
  /** The first boot's instance: its API helpers keep working across restarts (same port, same key). */
  readonly instance: N8nInstance;
  readonly running: boolean;
  /** Stops n8n (SIGTERM, clean shutdown) and keeps its data folder. */
  down(): Promise<void>;
  /** Starts n8n again on the same folder and port; resolves once it is ready. */
  up(): Promise<void>;
  /** Stops whatever n8n process is running and removes the folder. */
  close(): Promise<void>;
}

interface Launch {
  argv: string[];
  env: Record<string, string>;
}

const READY_LINE = 'Editor is now accessible via';

function readLaunch(pid: number): Launch {
  const split = (file: string) => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter((part) => part !== '');
  const env = Object.fromEntries(
    split('environ').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  return { argv: split('cmdline'), env };
}

function childPidsOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

export async function startRestartableN8n(options: StartN8nOptions): Promise<RestartableN8n> {
  const instance = await startN8n({ ...options, keepFolder: true });
  const root = dirname(instance.userFolder);
  const launch = readLaunch(instance.pid);
  let relaunched: { child: ChildProcess; children: number[] } | undefined;
  let running = true;
  let boots = 1;

  const stopRelaunched = async () => {
    if (!relaunched) return;
    const { child } = relaunched;
    const children = childPidsOf(child.pid!);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 20_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    for (const pid of children) {
      for (let i = 0; i < 20 && alive(pid); i++) await sleep(250);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    relaunched = undefined;
  };

  return {
    instance,
    get running() {
      return running;
    },
    async down() {
      if (!running) return;
      if (relaunched) await stopRelaunched();
      else await instance.stop();
      running = false;
    },
    async up() {
      if (running) return;
      boots += 1;
      const log = createWriteStream(instance.logPath, { flags: 'a' });
      const child = spawn(launch.argv[0]!, launch.argv.slice(1), { cwd: instance.userFolder, env: launch.env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.pipe(log);
      child.stderr!.pipe(log);
      relaunched = { child, children: [] };
      running = true;
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`n8n exited while restarting:\n${instance.logTail(40)}`);
        const ready = await fetch(`${instance.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) })
          .then((response) => response.status === 200)
          .catch(() => false);
        if (ready && readFileSync(instance.logPath, 'utf8').split(READY_LINE).length - 1 >= boots) return;
        if (Date.now() > deadline) throw new Error(`n8n was not ready 120 s after the restart:\n${instance.logTail(40)}`);
        await sleep(250);
      }
    },
    async close() {
      if (relaunched) await stopRelaunched();
      else await instance.stop();
      running = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
