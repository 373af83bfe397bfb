import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface Metric {
  value: number;
  unit: string;
}

export type Metrics = Record<string, Metric>;

export interface BenchResult {
  name: string;
  date: string;
  machine: { cpus: number; memGiB: number; node: string; cpuModel: string };
  metrics: Metrics;
}

export const RESULTS_DIR = path.resolve(import.meta.dirname, 'results');

/** The machine a result was measured on. */
export function machine(): BenchResult['machine'] {
  return {
    cpus: os.availableParallelism(),
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  };
}

/** Writes bench/results/NAME.json in the stable result format. */
export function writeResult(name: string, metrics: Metrics): BenchResult {
  const result: BenchResult = { name, date: new Date().toISOString(), machine: machine(), metrics };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** Median and 99th percentile of a list of samples. */
export function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Peak resident memory of this process, in MB. */
export function ownPeakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Peak resident memory of another process (Linux /proc), in MB; 0 when unknown. */
export function peakRssMbOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Rounds for display and storage. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc); 0 when unknown. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at index 3 of `man 5 proc`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/**
 * CPU time so far of each PostgreSQL backend serving the database of `url` (other than this query's),
 * by pid: read before and after a run, the difference is the database's share of the work (local
 * servers only; an empty map without a URL).
 */
export async function backendCpuMs(url: string | undefined): Promise<Map<number, number>> {
  if (!url) return new Map();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  await client.end();
  return new Map(rows.map((r) => [r.pid, cpuMsOf(r.pid)]));
}
