/**
 * Makes sure the pinned n8n runtime (n8n 2.40.7 on Node 24, `scripts/n8n-runtime.mjs`) is in its cache folder.
 * The first install takes minutes with long silent stretches (npm unpacking 2.8 GB), so a progress line with the
 * elapsed time and current step is printed while it runs; later starts find the cache and print nothing.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { ChildProcesses } from './processes.js';

const RUNTIME_SCRIPT = (repoRoot: string) => join(repoRoot, 'scripts', 'n8n-runtime.mjs');
export const PROGRESS_EVERY_MS = 10_000;

/** Whether `n8n-runtime.mjs path` finds a finished install (it exits 1 when not). */
export function runtimeInstalled(repoRoot: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RUNTIME_SCRIPT(repoRoot), 'path'], (error) => resolve(!error));
  });
}

/** "installing n8n runtime: 1m 20s, step 1/3 npm ci …" — the step as the install script last announced it. */
export function progressLine(elapsedMs: number, step: string | null): string {
  const total = Math.floor(elapsedMs / 1000);
  const elapsed = total >= 60 ? `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s` : `${total}s`;
  return `[n8n-runtime] still installing (${elapsed} so far${step ? `, at ${step}` : ''}); this happens once per machine.`;
}

/** The step an install-script line announces ("1/3 npm ci …"), or null for other lines. */
export function stepOf(line: string): string | null {
  const match = /\b(\d\/\d) ([^(]+)/.exec(line);
  return match ? `step ${match[1]} ${match[2]!.trim()}` : null;
}

export async function ensureRuntime(repoRoot: string, children: ChildProcesses, log: (line: string) => void): Promise<void> {
  if (await runtimeInstalled(repoRoot)) return;
  log('[n8n-runtime] first start on this machine: installing n8n 2.40.7 and Node 24 into the cache (about 3 minutes, 2.8 GB).');
  const started = Date.now();
  let step: string | null = null;
  const install = children.start('n8n-runtime', process.execPath, [RUNTIME_SCRIPT(repoRoot), 'ensure'], {
    cwd: repoRoot,
    env: process.env,
    // The script prefixes its own lines with [n8n-runtime]; ours adds the same prefix.
    quiet: (line) => {
      step = stepOf(line) ?? step;
      log(line);
      return true;
    },
  });
  const ticker = setInterval(() => log(progressLine(Date.now() - started, step)), PROGRESS_EVERY_MS);
  const code = await install.exited.finally(() => clearInterval(ticker));
  if (code !== 0) throw new Error('the n8n runtime could not be installed (see the lines above)');
}
