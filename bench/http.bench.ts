import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServerProcess } from '../test/helpers/processes.ts';
import { type Metrics, peakRssMbOf, round } from './lib.ts';

/**
 * `/healthz` under load from autocannon (50 connections, 10 s) against a real `sskdt serve` process
 * on the embedded database. The load generator shares the machine's two cores with the server.
 */
export async function httpBench(log: (line: string) => void): Promise<Metrics> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bench-http-'));
  const server = await startServerProcess(['--data-dir', dataDir], { LOG_LEVEL: 'warn' });
  try {
    log(`server ${server.url} (PID ${server.child.pid}); warming up…`);
    await autocannon({ url: `${server.url}/healthz`, connections: 10, duration: 2 });
    log('measuring 10 s with 50 connections…');
    const result = await autocannon({ url: `${server.url}/healthz`, connections: 50, duration: 10 });
    if (result.non2xx || result.errors)
      throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return {
      requests_per_s: { value: round(result.requests.average, 0), unit: 'req/s' },
      p50_ms: { value: result.latency.p50, unit: 'ms' },
      p99_ms: { value: result.latency.p99, unit: 'ms' },
      requests_total: { value: result.requests.total, unit: 'requests' },
      server_peak_rss_mb: { value: peakRssMbOf(server.child.pid ?? 0), unit: 'MB' },
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
