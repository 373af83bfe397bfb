import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.ts';
import { writeLegacyFile } from '../src/server/demo/legacy-file.ts';
import { prepareDatabase } from '../src/server/setup.ts';
import { ROOT, SSKDT_BIN } from '../test/helpers/processes.ts';
import { cpuMsOf, type Metrics, peakRssMbOf, round } from './lib.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const FACILITY = 'BENCH-IMPORT';

interface Run {
  seconds: number;
  jobSeconds: number;
  peakRssMb: number;
  cpuUsPerRow: number;
  dbCpuUsPerRow: number | null;
  counts: Record<string, number>;
}

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** CPU (ms) of the PostgreSQL backends serving a database, by PID (local server only). */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return new Map(rows.map((r) => [r.pid, cpuMsOf(r.pid)]));
  } finally {
    await client.end();
  }
}

/**
 * One end-to-end run: `sskdt import FILE` as its own process on a fresh database (PostgreSQL when a URL
 * is given, else a PGlite directory), timed from start to exit, its peak RSS and CPU sampled from /proc.
 */
async function run(file: string, url: string | undefined, log: (line: string) => void): Promise<Run> {
  const engine = url ? 'postgres' : 'pglite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-import-'));
  const database = await openDatabase(url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir });
  try {
    log(`${engine}: preparing a fresh database…`);
    await prepareDatabase(database.db);
    await database.db
      .insertInto('facility')
      .values({ code: FACILITY, name: 'Bench import site', kind: 'vaccination_site', unit_id: '2025-00004' })
      .execute();
  } finally {
    await database.close();
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url ?? '' };
  if (!url) delete env.DATABASE_URL;
  log(`${engine}: sskdt import ${path.basename(file)} (${ROWS.toLocaleString('en')} rows)…`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [SSKDT_BIN, 'import', file, '--facility', FACILITY, '--data-dir', dataDir],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
    const line = String(d).trim().split('\n').at(-1);
    if (line) log(`${engine}: ${line}`);
  });
  let peakRssMb = 0;
  let cpuMs = 0;
  let db = new Map<number, number>();
  const firstDb = url ? await backendCpu(url) : new Map<number, number>();
  const sampler = setInterval(async () => {
    const pid = child.pid ?? 0;
    peakRssMb = Math.max(peakRssMb, peakRssMbOf(pid));
    cpuMs = Math.max(cpuMs, cpuMsOf(pid));
    if (url)
      for (const [p, ms] of await backendCpu(url).catch(() => new Map<number, number>())) db.set(p, ms);
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${engine}: sskdt import exited with ${code}\n${output.slice(-2000)}`);
  const check = await openDatabase(url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir });
  try {
    const job = await check.db.selectFrom('import_job').selectAll().executeTakeFirstOrThrow();
    const doses = await sql<{ n: number }>`select count(*)::int as n from dose`.execute(check.db);
    const counts = {
      read: job.count_read,
      imported: job.count_imported,
      skipped: job.count_skipped,
      failed: job.count_failed,
      review: job.count_review,
      persons: job.persons_created,
      doses: Number(doses.rows[0].n),
    };
    if (job.state !== 'done' || counts.read !== ROWS || counts.doses !== counts.imported)
      throw new Error(`${engine}: unexpected end state ${job.state} ${JSON.stringify(counts)}`);
    const jobSeconds = (job.finished_at!.getTime() - job.started_at!.getTime()) / 1000;
    if (url && firstDb) db = new Map([...db].map(([p, ms]) => [p, ms - (firstDb.get(p) ?? 0)]));
    const dbMs = [...db.values()].reduce((a, b) => a + Math.max(0, b), 0);
    return {
      seconds,
      jobSeconds,
      peakRssMb,
      cpuUsPerRow: (cpuMs * 1000) / ROWS,
      dbCpuUsPerRow: url ? (dbMs * 1000) / ROWS : null,
      counts,
    };
  } finally {
    await check.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- import`: a generated legacy export of 1,000,000 rows (C's `sskdt demo --legacy-file`
 * generator: TCVN3-free UTF-8 with the usual faults) imported end to end — parse, validate, match,
 * insert — by the `sskdt import` command, on PostgreSQL (DATABASE_URL or TEST_DATABASE_URL; a fresh
 * database is created and dropped) and on PGlite (a fresh directory). Rows per second are over the
 * command's whole run (start-up and migrations check included). BENCH_IMPORT_ROWS makes it smaller.
 */
export async function importBench(log: (line: string) => void): Promise<Metrics> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-legacy-'));
  const file = path.join(dir, 'legacy.csv');
  try {
    log(`generating ${ROWS.toLocaleString('en')} legacy rows…`);
    const written = await writeLegacyFile(file, { rows: ROWS, seed: 2021, facility: FACILITY });
    log(
      `${(written.bytes / 1024 / 1024).toFixed(0)} MB, ${written.people.toLocaleString('en')} people, ${written.invalidRows} invalid rows`,
    );
    const metrics: Metrics = {};
    const runs: Run[] = [];
    const base = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (base) {
      const name = `sskdt_bench_import_${randomBytes(4).toString('hex')}`;
      await admin(base, `create database "${name}"`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      try {
        const r = await run(file, url.toString(), log);
        runs.push(r);
        log(
          `postgres: ${JSON.stringify(r.counts)} in ${r.seconds.toFixed(1)} s (job ${r.jobSeconds.toFixed(1)} s)`,
        );
        metrics.postgres_rows_per_s = { value: Math.round(ROWS / r.seconds), unit: 'rows/s' };
        metrics.postgres_job_rows_per_s = { value: Math.round(ROWS / r.jobSeconds), unit: 'rows/s' };
        metrics.postgres_peak_rss_mb = { value: r.peakRssMb, unit: 'MB' };
        metrics.postgres_importer_cpu_us_per_row = { value: round(r.cpuUsPerRow), unit: 'µs' };
        if (r.dbCpuUsPerRow !== null)
          metrics.postgres_backend_cpu_us_per_row = { value: round(r.dbCpuUsPerRow), unit: 'µs' };
      } finally {
        await admin(base, `drop database if exists "${name}" with (force)`);
      }
    } else log('PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL');
    const lite = await run(file, undefined, log);
    runs.push(lite);
    log(
      `pglite: ${JSON.stringify(lite.counts)} in ${lite.seconds.toFixed(1)} s (job ${lite.jobSeconds.toFixed(1)} s)`,
    );
    metrics.pglite_rows_per_s = { value: Math.round(ROWS / lite.seconds), unit: 'rows/s' };
    metrics.pglite_job_rows_per_s = { value: Math.round(ROWS / lite.jobSeconds), unit: 'rows/s' };
    metrics.pglite_peak_rss_mb = { value: lite.peakRssMb, unit: 'MB' };
    metrics.pglite_cpu_us_per_row = { value: round(lite.cpuUsPerRow), unit: 'µs' };
    metrics.peak_rss_mb = { value: Math.max(...runs.map((r) => r.peakRssMb)), unit: 'MB' };
    metrics.rows = { value: ROWS, unit: 'rows' };
    metrics.load_average = { value: round(os.loadavg()[0]), unit: '' };
    return metrics;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
