import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type BulkColumnType, bulkInsert } from '../src/server/db/bulk-insert.ts';
import { type Database, openDatabase } from '../src/server/db/database.ts';
import { generatePerson } from '../src/server/demo/people.ts';
import { Random } from '../src/server/demo/random.ts';
import type { NewPerson } from '../src/server/modules/people/people.service.ts';
import * as people from '../src/server/modules/people/people.service.ts';
import { prepareDatabase } from '../src/server/setup.ts';
import { type Metrics, ownPeakRssMb, percentiles, round } from './lib.ts';

const ROWS = 100_000;
const BATCH = 1_000;

/** A dose-record-shaped row: the kind of table that grows fastest (one row per dose given). */
interface DoseEventRow extends Record<string, unknown> {
  person_id: string;
  vaccine_code: string;
  dose_number: number;
  given_on: string;
  facility_code: string;
  lot_number: string;
  source: string;
  recorded_at: Date;
}

const DOSE_EVENT_TABLE = sql`create table bench_dose_event (
  id bigint generated always as identity primary key,
  person_id uuid not null,
  vaccine_code text not null,
  dose_number smallint not null,
  given_on date not null,
  facility_code text not null,
  lot_number text not null,
  source text not null,
  recorded_at timestamptz not null
)`;

const DOSE_EVENT_COLUMNS: Record<keyof DoseEventRow, BulkColumnType> = {
  person_id: 'uuid',
  vaccine_code: 'text',
  dose_number: 'smallint',
  given_on: 'date',
  facility_code: 'text',
  lot_number: 'text',
  source: 'text',
  recorded_at: 'timestamptz',
};

function makeDoseEvents(): DoseEventRow[] {
  const random = new Random(7);
  const vaccines = ['AZ', 'PFIZER', 'MODERNA', 'VEROCELL'];
  return Array.from({ length: ROWS }, (_, i) => ({
    person_id: randomUUID(),
    vaccine_code: random.pick(vaccines),
    dose_number: random.int(1, 3),
    given_on: `2021-${String(random.int(7, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    facility_code: `TYT-${String(random.int(1, 3321)).padStart(5, '0')}`,
    lot_number: `L${random.digits(6)}`,
    source: i % 10 ? 'site' : 'import',
    recorded_at: new Date(),
  }));
}

/** 100,000 realistic person rows (all indexes of the real table in place), made before timing starts. */
function makeRows(): NewPerson[] {
  const random = new Random(99);
  const ctx = {
    communes: Array.from({ length: 126 }, (_, i) => ({
      id: `2025-${String(4 + i * 3).padStart(5, '0')}`,
      kind: 'Phường',
    })),
    birthProvinceCodes: ['01'],
    allProvinceCodes: ['01', '79', '48', '31'],
    today: new Date('2026-11-22T00:00:00Z'),
  };
  const used = new Set<string>();
  return Array.from({ length: ROWS }, () => ({ ...generatePerson(random, ctx, used), unit_id: null }));
}

/** Inserts rows batch by batch (each batch one statement in its own transaction) and times it. */
async function timeBatches<R>(rows: R[], insertBatch: (batch: R[]) => Promise<number>) {
  const batchMs: number[] = [];
  const started = performance.now();
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const t = performance.now();
    inserted += await insertBatch(rows.slice(i, i + BATCH));
    batchMs.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  if (inserted !== rows.length) throw new Error(`inserted ${inserted} of ${rows.length} rows`);
  return { rowsPerSecond: rows.length / seconds, ...percentiles(batchMs) };
}

/** Both measurements on one prepared database; metric names get the engine as prefix. */
async function measure(database: Database, engine: string, log: (line: string) => void, metrics: Metrics) {
  await prepareDatabase(database.db);
  await DOSE_EVENT_TABLE.execute(database.db);
  const insertEvents = async (batch: DoseEventRow[]) => {
    const result = await database.db
      .transaction()
      .execute((trx) => bulkInsert('bench_dose_event', DOSE_EVENT_COLUMNS, batch).execute(trx));
    return Number(result.numAffectedRows);
  };
  // Warm-up (not timed): lets the JIT compile the insert path, as in a long-running server.
  await timeBatches(makeDoseEvents().slice(0, 5 * BATCH), insertEvents);
  log(`${engine}: ${ROWS} dose-record rows in batches of ${BATCH}…`);
  const events = await timeBatches(makeDoseEvents(), insertEvents);
  metrics[`${engine}_rows_per_s`] = { value: round(events.rowsPerSecond, 0), unit: 'rows/s' };
  metrics[`${engine}_batch_p50_ms`] = { value: round(events.p50), unit: 'ms' };
  metrics[`${engine}_batch_p99_ms`] = { value: round(events.p99), unit: 'ms' };
  log(`${engine}: ${ROWS} person rows (4 secondary indexes) in batches of ${BATCH}…`);
  const persons = await timeBatches(makeRows(), (batch) =>
    database.db.transaction().execute((trx) => people.insertPeopleBatch(trx, batch)),
  );
  metrics[`${engine}_person_rows_per_s`] = { value: round(persons.rowsPerSecond, 0), unit: 'rows/s' };
}

/**
 * Batched inserts through the product's database layer (Kysely, the PGlite dialect, pg, the
 * `bulkInsert` unnest statement that bulk paths use): a
 * dose-record-shaped table (the contract metric) and the person table with all its indexes. PGlite
 * runs on a data directory on disk, as the product does; PostgreSQL, when DATABASE_URL is set, in a
 * scratch database on that server.
 */
export async function dbInsertBench(log: (line: string) => void): Promise<Metrics> {
  const metrics: Metrics = {};

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-db-'));
  const lite = await openDatabase({ engine: 'pglite', dataDir });
  try {
    await measure(lite, 'pglite', log, metrics);
  } finally {
    await lite.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `sskdt_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const postgres = await openDatabase({ engine: 'postgres', url: target.toString() });
    try {
      await measure(postgres, 'postgres', log, metrics);
    } finally {
      await postgres.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  } else {
    log('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it side by side.');
  }
  metrics.peak_rss_mb = { value: ownPeakRssMb(), unit: 'MB' };
  return metrics;
}
