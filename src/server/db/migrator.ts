import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { MIGRATIONS_DIR } from '../paths.ts';
import type { DB } from './schema.ts';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: MigrationFile[];
  alreadyApplied: number;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads the numbered forward-only migration files, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`Migration file name ${file} must look like 0001_what_it_does.sql`);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2],
      file,
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex'),
    };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps (${m.file})`);
  });
  return migrations;
}

/**
 * Applies every migration not yet recorded, each in its own transaction. An advisory lock keeps two
 * processes starting against one PostgreSQL from applying the same file twice. A recorded migration
 * whose file has since changed is an error: migrations are forward-only, never edited.
 */
export async function migrate(db: Kysely<DB>, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7263001)`.execute(conn);
    try {
      await sql`create table if not exists schema_migration (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = await conn.selectFrom('schema_migration').selectAll().execute();
      const byVersion = new Map(done.map((row) => [row.version, row]));
      const unknown = done.filter((row) => row.version > migrations.length);
      if (unknown.length) {
        throw new Error(
          `The database has migration ${unknown[0].version}, newer than this version of sskdt knows`,
        );
      }
      const applied: MigrationFile[] = [];
      for (const migration of migrations) {
        const recorded = byVersion.get(migration.version);
        if (recorded) {
          if (recorded.checksum !== migration.checksum) {
            throw new Error(
              `Migration ${migration.file} was changed after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(migration.sql).execute(trx);
          await trx
            .insertInto('schema_migration')
            .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
            .execute();
        });
        applied.push(migration);
      }
      return { applied, alreadyApplied: migrations.length - applied.length };
    } finally {
      await sql`select pg_advisory_unlock(7263001)`.execute(conn);
    }
  });
}

/** Number of migration files that the database has not applied yet (0 = up to date). */
export async function pendingMigrations(db: Kysely<DB>, dir = MIGRATIONS_DIR): Promise<number> {
  const total = readMigrations(dir).length;
  const exists = await sql<{ ok: boolean }>`select to_regclass('schema_migration') is not null as ok`.execute(
    db,
  );
  if (!exists.rows[0]?.ok) return total;
  const row = await db
    .selectFrom('schema_migration')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return total - Number(row?.n ?? 0);
}
