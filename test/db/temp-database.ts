/** A fresh, migrated SQLite file in its own temp directory, removed again by `dispose()`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUrlInDataDir, openDatabase, type Database } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';

export interface TempDatabase {
  database: Database;
  dir: string;
  dispose(): void;
}

export async function createTempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-db-'));
  const database = await openDatabase({ url: fileUrlInDataDir(dir), busyTimeoutMs: 5000 });
  await migrateDatabase(database);
  return {
    database,
    dir,
    dispose() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
