import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { Client } from 'undici';
import { type Database, openDatabase } from '../src/server/db/database.ts';
import { hashPassword } from '../src/server/modules/accounts/staff.service.ts';
import { prepareDatabase } from '../src/server/setup.ts';
import { startServerProcess } from '../test/helpers/processes.ts';
import { backendCpuMs, cpuMsOf, type Metrics, peakRssMbOf, percentiles, round } from './lib.ts';

const CLIENTS = 50;
const PEOPLE_PER_SITE = 2000;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 15) * 1000;
/** Recorded but not measured: the first seconds after the server starts. */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3) * 1000;
const PASSWORD = 'bench-password-2021';

/** 50 sites, each with a vaccinator, a lot in stock and 2,000 people of its commune to vaccinate. */
async function seed(database: Database) {
  await prepareDatabase(database.db);
  const communes = await database.db
    .selectFrom('admin_unit')
    .select('id')
    .where('parent_id', '=', '2025-79')
    .orderBy('id')
    .limit(CLIENTS)
    .execute();
  const hash = await hashPassword(PASSWORD);
  const sites: { username: string; people: string[] }[] = [];
  for (const [i, commune] of communes.entries()) {
    const facility = await database.db
      .insertInto('facility')
      .values({ code: `BENCH-${i}`, name: `Bench site ${i}`, kind: 'vaccination_site', unit_id: commune.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('staff_user')
      .values({
        username: `bench.${i}`,
        display_name: `Bench ${i}`,
        password_hash: hash,
        role: 'site_staff',
        facility_id: facility.id,
      })
      .execute();
    const lot = await database.db
      .insertInto('vaccine_lot')
      .values({ vaccine_code: 'PFIZER', lot_number: `BENCH${i}`, expires_on: '2099-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('stock_movement')
      .values({ lot_id: lot.id, kind: 'receipt', to_holder: `facility:${facility.id}`, quantity: 1_000_000 })
      .execute();
    await database.db
      .insertInto('stock_level')
      .values({ holder: `facility:${facility.id}`, lot_id: lot.id, quantity: 1_000_000 })
      .execute();
    const people = await sql<{
      id: string;
    }>`insert into person (full_name, name_key, birth_date, sex, unit_id)
      select 'Người Thử ' || g, 'nguoi thu ' || g, date '1980-01-01' + (g % 9000), 'male', ${commune.id}
      from generate_series(1, ${PEOPLE_PER_SITE}) g returning id`.execute(database.db);
    sites.push({ username: `bench.${i}`, people: people.rows.map((r) => r.id), lotId: lot.id } as never);
  }
  return sites as unknown as { username: string; people: string[]; lotId: string }[];
}

async function run(engine: 'postgres' | 'pglite', log: (line: string) => void) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-doses-'));
  const baseUrl = process.env.DATABASE_URL;
  const dbName = `sskdt_bench_${randomBytes(4).toString('hex')}`;
  let url: string | undefined;
  if (engine === 'postgres' && baseUrl) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  try {
    return await measure(engine, url, dataDir, log);
  } finally {
    // Also after a failure (a server that did not start): no database or directory is left behind.
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (url && baseUrl) {
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
  }
}

async function measure(
  engine: 'postgres' | 'pglite',
  url: string | undefined,
  dataDir: string,
  log: (line: string) => void,
) {
  const setup = await openDatabase(url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir });
  log(`${engine}: seeding ${CLIENTS} sites × ${PEOPLE_PER_SITE} people…`);
  const sites = await seed(setup);
  await setup.close();
  const server = await startServerProcess(['--data-dir', dataDir, ...(url ? ['--database-url', url] : [])], {
    LOG_LEVEL: 'warn',
    // Each vaccinator signs in from its own address (through a trusted proxy), as 50 sites would.
    TRUST_PROXY: '127.0.0.1',
    // The PGlite run must not pick up the PostgreSQL URL this benchmark was given.
    DATABASE_URL: url ?? '',
    // Extra Node options for the server, e.g. --import ./bench/cpu-profile-hook.mjs to profile it.
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });
  // One keep-alive connection per vaccinator, as 50 devices would have. (A shared pool queued the first
  // requests of many vaccinators behind one connection still opening: seconds of made-up latency.)
  const connections = sites.map(() => new Client(server.url));
  const call = async (
    client: Client,
    pathName: string,
    body: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await client.request({
      method: 'POST',
      path: pathName,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  };
  const sessions = [];
  for (const [i, site] of sites.entries()) {
    const client = connections[i];
    const res = await call(
      client,
      '/api/auth/staff/login',
      { username: site.username, password: PASSWORD },
      { 'x-forwarded-for': `10.20.0.${i + 1}` },
    );
    if (res.status !== 200) throw new Error(`sign-in of ${site.username} failed: ${res.text}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    sessions.push({ ...site, client, headers: { cookie, 'x-csrf-token': JSON.parse(res.text).csrfToken } });
  }
  log(
    `${engine}: ${CLIENTS} vaccinators recording for ${(WARMUP_MS + DURATION_MS) / 1000} s, ` +
      `measured after the first ${WARMUP_MS / 1000} s…`,
  );
  // CPU used per dose by each party (less noisy than the rate on a shared machine): the server process,
  // the PostgreSQL backends serving this database (when local), and this load generator.
  const serverPid = server.child.pid ?? 0;
  const backendCpu = () => backendCpuMs(url);
  const snapshot = async () => ({
    at: performance.now(),
    server: cpuMsOf(serverPid),
    client: process.cpuUsage(),
    db: await backendCpu(),
  });
  const latencies: number[] = [];
  /** Every acknowledged dose (warm-up included): each must be in the database afterwards. */
  const acknowledged: string[] = [];
  let failures = 0;
  const start = performance.now();
  const measureFrom = start + WARMUP_MS;
  const deadline = measureFrom + DURATION_MS;
  // The warm-up lets the server reach its steady state (JIT, PGlite's WebAssembly tiering up, caches).
  const measuring = new Promise<Awaited<ReturnType<typeof snapshot>>>((resolve) =>
    setTimeout(() => resolve(snapshot()), WARMUP_MS),
  );
  await Promise.all(
    sessions.map(async (site) => {
      let next = 0;
      while (performance.now() < deadline && next < site.people.length) {
        const id = randomUUID();
        const started = performance.now();
        const res = await call(
          site.client,
          '/api/staff/doses',
          { id, personId: site.people[next++], vaccineCode: 'PFIZER', lotId: site.lotId },
          site.headers,
        );
        if (res.status === 201) {
          acknowledged.push(id);
          if (started >= measureFrom) latencies.push(performance.now() - started);
        } else {
          failures++;
          if (failures === 1) log(`first refusal: ${res.status} ${res.text.slice(0, 300)}`);
        }
      }
    }),
  );
  const before = await measuring;
  const seconds = (performance.now() - before.at) / 1000;
  const clientCpu = process.cpuUsage(before.client);
  let dbCpuMs = 0;
  for (const [pid, ms] of await backendCpu()) dbCpuMs += ms - (before.db.get(pid) ?? 0);
  const perDose = (ms: number) => ms / Math.max(1, latencies.length);
  const cpu = {
    server: perDose(cpuMsOf(serverPid) - before.server),
    db: perDose(dbCpuMs),
    client: perDose((clientCpu.user + clientCpu.system) / 1000),
  };
  const rss = peakRssMbOf(server.child.pid ?? 0);
  await Promise.all(connections.map((c) => c.close()));
  server.child.kill('SIGTERM');
  await server.exited;
  const check = await openDatabase(url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir });
  const stored = await check.db
    .selectFrom('dose')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await check.close();
  const { p50, p99 } = percentiles(latencies);
  return {
    rate: latencies.length / seconds,
    p50,
    p99,
    lost: acknowledged.length - Number(stored.n),
    failures,
    rss,
    cpu,
  };
}

/**
 * Dose recording over HTTP: 50 signed-in vaccinators at 50 sites, each on its own connection, recording
 * first doses as fast as answers come back on each engine (PostgreSQL when DATABASE_URL is set): 3 s of
 * warm-up (BENCH_WARMUP_SECONDS), then 15 s measured (BENCH_SECONDS) for the rate, latencies and CPU per
 * dose. Afterwards every acknowledged dose, warm-up included, is looked up in the database:
 * `lost_doses` must be 0. BENCH_ENGINE=postgres|pglite runs one engine only.
 */
export async function dosesBench(log: (line: string) => void): Promise<Metrics> {
  const metrics: Metrics = {};
  let lost = 0;
  const engines = (
    process.env.DATABASE_URL ? (['postgres', 'pglite'] as const) : (['pglite'] as const)
  ).filter((e) => !process.env.BENCH_ENGINE || process.env.BENCH_ENGINE === e);
  for (const engine of engines) {
    const r = await run(engine, log);
    metrics[`${engine}_doses_per_s`] = { value: round(r.rate, 0), unit: 'doses/s' };
    metrics[`${engine}_p50_ms`] = { value: round(r.p50), unit: 'ms' };
    metrics[`${engine}_p99_ms`] = { value: round(r.p99), unit: 'ms' };
    metrics[`${engine}_failed`] = { value: r.failures, unit: 'requests' };
    metrics[`${engine}_server_peak_rss_mb`] = { value: r.rss, unit: 'MB' };
    metrics[`${engine}_server_cpu_ms_per_dose`] = { value: round(r.cpu.server, 2), unit: 'ms' };
    if (engine === 'postgres')
      metrics.postgres_db_cpu_ms_per_dose = { value: round(r.cpu.db, 2), unit: 'ms' };
    metrics[`${engine}_client_cpu_ms_per_dose`] = { value: round(r.cpu.client, 2), unit: 'ms' };
    lost += r.lost;
  }
  metrics.lost_doses = { value: lost, unit: 'doses' };
  return metrics;
}
