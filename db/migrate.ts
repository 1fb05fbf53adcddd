/** Applies the committed drizzle-kit migrations; the portal calls this once at start, before serving. */
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export async function migrateDatabase(database: Database): Promise<void> {
  // Through the write queue: migrations are a write like any other and must not interleave with one.
  await database.queue.run(() => migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER }));
}
