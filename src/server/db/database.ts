import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ensureDataDir } from '../data-dir.ts';
import { preparedName } from './prepared.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

/** An open database: the Kysely handle plus what the rest of the server needs to know about it. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where the data lives, for messages: a directory, "memory", or the URL without its password. */
  location: string;
  /** The embedded engine itself (PGlite only): for data-dir dumps and backups. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | {
      engine: 'pglite';
      dataDir?: string;
      loadDataDir?: Blob;
      serialize?: boolean;
      /** The embedded engine's buffer pool in MB (PostgreSQL's default 128 MB when unset). */
      sharedBuffersMb?: number;
    };

/** Postgres type OIDs whose text form we parse the same way on both engines. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const parseInt8 = (value: string) => Number(value);
const parseNumeric = (value: string) => Number(value);
/** Dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone. */
const keepDate = (value: string) => value;

/** Opens PostgreSQL (through a pg pool) or PGlite (embedded, in a directory or in memory). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === 'postgres') return openPostgres(options.url, options.poolSize);
  return openPGlite(options);
}

/** pg's client, running the statements marked with `preparedSql` as named (prepared) ones. */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded signature
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' ? preparedName(config) : undefined;
    if (name) return super.query({ name, text: config, values }, callback);
    return super.query(config, values, callback);
  }
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const parsers: Record<number, (v: string) => unknown> = {
    [INT8]: parseInt8,
    [NUMERIC]: parseNumeric,
    [DATE]: keepDate,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    Client: PreparingClient,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

async function openPGlite(
  options: Omit<Extract<DatabaseOptions, { engine: 'pglite' }>, 'engine'>,
): Promise<Database> {
  let releaseLock = () => {};
  let pgDataDir: string | undefined;
  if (options.dataDir) {
    ensureDataDir(options.dataDir);
    releaseLock = lockDataDir(options.dataDir);
    pgDataDir = path.join(options.dataDir, 'pgdata');
  }
  try {
    // Loaded on first use: a command on PostgreSQL (an import, a migration) need not load the embedded
    // engine's WebAssembly module (tens of MB of memory and a second of start-up).
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('./pglite-dialect.ts'),
    ]);
    // The one-argument form: with `new PGlite(undefined, options)` PGlite ignores the options.
    const pglite = new PGlite({
      dataDir: pgDataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [INT8]: parseInt8, [NUMERIC]: parseNumeric, [DATE]: keepDate },
      ...(options.sharedBuffersMb
        ? {
            startParams: [
              ...PGlite.defaultStartParams,
              '-c',
              `shared_buffers=${Math.max(1, Math.round(options.sharedBuffersMb))}MB`,
            ],
          }
        : {}),
    });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite, serialize: options.serialize }) });
    return {
      db,
      engine: 'pglite',
      location: options.dataDir ? path.resolve(options.dataDir) : 'memory',
      pglite,
      async close() {
        try {
          await db.destroy();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Two processes writing one PGlite directory would corrupt it, so the data directory carries a lock
 * file with the owner's PID. A lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'sskdt.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(path.resolve(dataDir), owner);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(path.resolve(dataDir), 0);
}

/** Raised when another running process holds the PGlite data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another sskdt process (PID ${ownerPid}). Stop it first.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the password from a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
