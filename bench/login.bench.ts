import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { startServerProcess } from '../test/helpers/processes.ts';
import { backendCpuMs, cpuMsOf, type Metrics, peakRssMbOf, percentiles, round } from './lib.ts';

const CLIENTS = 50;
const DURATION_MS = 15_000;

/** A stand-in SMS gateway (the `http:` channel's peer): it hands each code to the waiting client. */
function startGateway() {
  const waiting = new Map<string, (code: string) => void>();
  const early = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const { to, text } = JSON.parse(body) as { to: string; text: string };
      const code = /\b(\d{6})\b/.exec(text)?.[1] ?? '';
      const resolve = waiting.get(to);
      if (resolve) {
        waiting.delete(to);
        resolve(code);
      } else early.set(to, code);
      res.writeHead(202).end();
    });
  });
  return new Promise<{ url: string; codeFor(phone: string): Promise<string>; close(): void }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
        codeFor: (phone) =>
          new Promise((r) => {
            const code = early.get(phone);
            if (code) {
              early.delete(phone);
              r(code);
            } else waiting.set(phone, r);
          }),
        close: () => server.close(),
      });
    });
  });
}

/**
 * Citizen sign-in under load: 50 concurrent clients for 15 s, each login a new phone from a new client
 * address (X-Forwarded-For through a trusted proxy, so the per-address rate limits apply to each),
 * code delivered through the `http:` SMS channel to a local gateway. A login is the code request, the
 * SMS hop and the verify; its latency is measured end to end.
 */
export async function loginBench(log: (line: string) => void): Promise<Metrics> {
  const gateway = await startGateway();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-login-'));
  const baseUrl = process.env.DATABASE_URL;
  const dbName = `sskdt_bench_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (baseUrl) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  } else {
    log('DATABASE_URL is not set: measuring the embedded PGlite engine (the target is for PostgreSQL).');
  }
  const server = await startServerProcess(
    ['--data-dir', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])],
    {
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '127.0.0.1',
      DATABASE_URL: databaseUrl ?? '',
      SMS_CHANNEL: `http:${gateway.url}`,
    },
  );
  log(
    `server ${server.url} on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}; ${CLIENTS} clients for ${DURATION_MS / 1000} s…`,
  );
  let sequence = 0;
  const latencies: number[] = [];
  let failures = 0;
  // undici's pool rather than fetch: the load generator shares the two cores with the server.
  const pool = new Pool(server.url, { connections: CLIENTS });
  const post = async (url: string, body: object, ip: string) => {
    const res = await pool.request({
      method: 'POST',
      path: url,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify(body),
    });
    await res.body.dump();
    return res.statusCode;
  };
  // CPU per login (steadier than the rate on a shared host): the server process, the PostgreSQL
  // backends serving this database, and this load generator (with the SMS gateway).
  const serverPid = server.child.pid ?? 0;
  const backendCpu = () => backendCpuMs(databaseUrl);
  const before = { server: cpuMsOf(serverPid), client: process.cpuUsage(), db: await backendCpu() };
  const deadline = Date.now() + DURATION_MS;
  const client = async () => {
    while (Date.now() < deadline) {
      const n = sequence++;
      const phone = `09${String(10_000_000 + n).slice(-8)}`;
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const started = performance.now();
      if ((await post('/api/auth/otp/request', { phone }, ip)) !== 202) {
        failures++;
        continue;
      }
      const code = await gateway.codeFor(phone);
      if ((await post('/api/auth/otp/verify', { phone, code }, ip)) === 200)
        latencies.push(performance.now() - started);
      else failures++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - began) / 1000;
  const rss = peakRssMbOf(server.child.pid ?? 0);
  const clientCpu = process.cpuUsage(before.client);
  let dbCpuMs = 0;
  for (const [pid, ms] of await backendCpu()) dbCpuMs += ms - (before.db.get(pid) ?? 0);
  const perLogin = (ms: number) => round(ms / Math.max(latencies.length, 1), 2);
  const serverCpuMs = cpuMsOf(serverPid) - before.server;
  await pool.close();
  server.child.kill('SIGTERM');
  await server.exited;
  gateway.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (baseUrl) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
  const { p50, p99 } = percentiles(latencies);
  return {
    logins_per_s: { value: round(latencies.length / seconds, 0), unit: 'logins/s' },
    p50_ms: { value: round(p50), unit: 'ms' },
    p99_ms: { value: round(p99), unit: 'ms' },
    logins: { value: latencies.length, unit: 'logins' },
    failed_logins: { value: failures, unit: 'logins' },
    server_peak_rss_mb: { value: rss, unit: 'MB' },
    server_cpu_ms_per_login: { value: perLogin(serverCpuMs), unit: 'ms' },
    ...(databaseUrl ? { db_cpu_ms_per_login: { value: perLogin(dbCpuMs), unit: 'ms' } } : {}),
    client_cpu_ms_per_login: { value: perLogin((clientCpu.user + clientCpu.system) / 1000), unit: 'ms' },
  };
}
