/**
 * The command line of `npm run templates:import` where no n8n is needed: usage errors, a missing key, folders with
 * nothing importable. Everything that talks to n8n is in test/e2e/templates-import.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTemplate, toText } from './templates/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'templates-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'templates-import.ts'), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('templates:import command line', () => {
  it('refuses an unknown option with the usage text (exit 2)', async () => {
    const run = await cli(['--bogus'], { N8N_API_KEY: 'k' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain('Usage: npm run templates:import -- [options]');
  });

  it('asks for the API key when none is given', async () => {
    const run = await cli(['--dir', folder('any', {})]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give the n8n API key with N8N_API_KEY (or --api-key)');
  });

  it('refuses a URL that is not http(s)', async () => {
    const run = await cli(['--url', 'ftp://n8n'], { N8N_API_KEY: 'k' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url / N8N_URL must be an http(s) URL');
  });

  it('says so when a folder holds nothing to import (exit 2) or only refused files (exit 1), before contacting n8n', async () => {
    const empty = await cli(['--dir', folder('empty', {})], { N8N_API_KEY: 'k', N8N_URL: 'http://127.0.0.1:9' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('No importable templates in');
    const refused = await cli(['--dir', folder('refused', { 'bad.json': '{"name": 1}' })], { N8N_API_KEY: 'k', N8N_URL: 'http://127.0.0.1:9' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing bad.json:\n  bad.json: $.name:');
    expect(refused.stderr).not.toContain('Cannot reach n8n');
  });

  it('refuses --only with an id no valid template has', async () => {
    const dir = folder('only', { 'a.json': toText(makeTemplate({ templateId: 'known' })) });
    const run = await cli(['--dir', dir, '--only', 'known,unknown'], { N8N_API_KEY: 'k' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No valid template with id unknown in');
  });
});
