/**
 * Opens the portal database: a local SQLite file (WAL, busy timeout) by default, or a libsql server URL to scale
 * out. Every write goes through `write()`, which queues it behind the single in-process writer (see write-queue.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema.js';
import { WriteQueue } from './write-queue.js';

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: for reads that must also work inside a write. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  client: Client;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE), queued behind every other write of this process. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  queue: WriteQueue;
  /** Whether this is a local file (so WAL and the busy timeout are ours to set). */
  isLocalFile: boolean;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** A `file:` path, or a `libsql:`/`http(s):`/`ws(s):` server URL. */
  url: string;
  /** Auth token for a libsql server; ignored for files. */
  authToken?: string;
  /** Busy timeout in ms, applied by the client to every pooled connection (a PRAGMA would reach only one). */
  busyTimeoutMs?: number;
}

/** Builds the `file:` URL for the default SQLite file inside a data directory, creating the directory. */
export function fileUrlInDataDir(dataDir: string, fileName = 'portal.sqlite'): string {
  const path = resolve(dataDir, fileName);
  mkdirSync(dirname(path), { recursive: true });
  return `file:${path}`;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const isLocalFile = options.url.startsWith('file:');
  const client = createClient({
    url: options.url,
    ...(options.authToken ? { authToken: options.authToken } : {}),
    ...(isLocalFile ? { timeout: options.busyTimeoutMs ?? 5000 } : {}),
  });
  if (isLocalFile) {
    // WAL is persistent in the file: readers stop blocking the writer, for every connection opened later.
    await client.execute('PRAGMA journal_mode = WAL');
  }
  const db = drizzle(client, { schema });
  const queue = new WriteQueue();
  return {
    db,
    client,
    queue,
    isLocalFile,
    write: (fn) => queue.run(() => db.transaction(fn)),
    close: () => client.close(),
  };
}
