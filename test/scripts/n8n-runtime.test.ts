/**
 * The runtime script's contract without a 3-minute install: where it puts the runtime, that a ready marker
 * makes `ensure` a no-op, and that `path` refuses a folder that is not ready. (The real install is proven by
 * the e2e tests that boot n8n from it.)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const script = join(repoRoot, 'scripts', 'n8n-runtime.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'incydr-runtime-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runScript(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/n8n-runtime.mjs', () => {
  it('keys the default folder by a hash of the committed manifest and lock file', async () => {
    const hash = createHash('sha256');
    for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(repoRoot, 'n8n-runtime', file)));
    const expected = join(homedir(), '.cache', 'incydr-health', `n8n-runtime-${hash.digest('hex').slice(0, 16)}`);
    const result = await runScript(['path'], { N8N_RUNTIME_DIR: undefined });
    // Installed or not, the folder it names (in stdout or in its refusal) is the keyed one.
    expect(`${result.stdout}${result.stderr}`).toContain(expected);
  });

  it('refuses `path` for a folder without the ready marker, naming the command that fixes it', async () => {
    const dir = join(scratch, 'half-installed');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    const result = await runScript(['path'], { N8N_RUNTIME_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`n8n runtime is not installed at ${dir}; run: node scripts/n8n-runtime.mjs ensure\n`);
  });

  it('treats a folder with the ready marker as installed: `ensure` changes nothing, `path` prints it', async () => {
    const dir = join(scratch, 'ready');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.ok'), 'marker\n');
    const ensure = await runScript(['ensure'], { N8N_RUNTIME_DIR: dir });
    expect(ensure.code).toBe(0);
    expect(ensure.stdout).toMatch(new RegExp(`^\\[n8n-runtime\\] cached at ${dir} `));
    expect(readdirSync(dir)).toEqual(['.ok']);
    expect(readdirSync(scratch).filter((name) => name.includes('staging'))).toEqual([]);

    const path = await runScript(['path'], { N8N_RUNTIME_DIR: dir });
    expect(path).toEqual({ code: 0, stdout: `${dir}\n`, stderr: '' });
  });

  it('rejects an unknown command with its usage', async () => {
    const result = await runScript(['install'], { N8N_RUNTIME_DIR: join(scratch, 'unused') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('usage: node scripts/n8n-runtime.mjs ensure|path\n');
  });
});
