/**
 * Guards against a schema change without a generated migration: drizzle-kit, run against a copy of the committed
 * migrations, must find nothing to generate.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';

const root = new URL('../../', import.meta.url).pathname;

describe('committed migrations', () => {
  it('match db/schema.ts exactly', () => {
    // drizzle-kit resolves --out relative to the working directory, so the scratch copy lives in the ignored .data/.
    mkdirSync(join(root, '.data'), { recursive: true });
    const dir = mkdtempSync(join(root, '.data', 'migrations-check-'));
    try {
      cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
      const before = readdirSync(dir).sort();
      const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'sqlite', '--schema', 'db/schema.ts', '--out', relative(root, dir)], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(output).toMatch(/No schema changes/);
      expect(readdirSync(dir).sort()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
