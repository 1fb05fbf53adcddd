/**
 * One real n8n per test file: `const n8n = useSharedN8n()` at the top of a file boots it in beforeAll (with a
 * fresh build of nodes/ installed as a package) and stops it in afterAll; tests call `n8n()` for the instance
 * and isolate themselves by workflow. Never boot per test: a boot runs every migration (~8 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildNodePackage, startN8n, type N8nInstance, type StartN8nOptions } from './n8n.js';

export function useSharedN8n(options: Omit<StartN8nOptions, 'packages'> & { packages?: string[] } = {}): () => N8nInstance {
  let instance: N8nInstance | undefined;
  let buildDir: string | undefined;

  beforeAll(async () => {
    let packages = options.packages;
    if (!packages) {
      buildDir = mkdtempSync(join(tmpdir(), 'incydr-nodes-build-'));
      packages = [buildNodePackage(buildDir)];
    }
    instance = await startN8n({ ...options, packages });
  });

  afterAll(async () => {
    await instance?.stop();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  return () => {
    if (!instance) throw new Error('n8n is not running: useSharedN8n() must be called at the top level of a test file');
    return instance;
  };
}
