import { certsBench } from './certs.bench.ts';
import { dbInsertBench } from './db-insert.bench.ts';
import { dosesBench } from './doses.bench.ts';
import { httpBench } from './http.bench.ts';
import { importBench } from './import.bench.ts';
import { type Metrics, machine, writeResult } from './lib.ts';
import { loginBench } from './login.bench.ts';
import { pagesBench } from './pages.bench.ts';

/** Named benchmarks. Metric names are a contract: keep them stable so results compare over time. */
const BENCHMARKS: Record<string, { about: string; run: (log: (line: string) => void) => Promise<Metrics> }> =
  {
    http: { about: '/healthz under autocannon load against a real server', run: httpBench },
    pages: {
      about:
        'API time of the four screens that were slow on the demo (stock, check-in, accounts, registration), demo server with 10,000 people',
      run: pagesBench,
    },
    'db-insert': {
      about: '100,000 person rows in 1,000-row batches, PGlite and PostgreSQL',
      run: dbInsertBench,
    },
    doses: {
      about: 'dose recording over HTTP, 50 vaccinators (PGlite, and PostgreSQL when DATABASE_URL is set)',
      run: dosesBench,
    },
    login: {
      about: 'citizen OTP sign-in, 50 concurrent clients (PostgreSQL when DATABASE_URL is set)',
      run: loginBench,
    },
    import: {
      about:
        '1,000,000 generated legacy rows through `sskdt import` (PostgreSQL when DATABASE_URL, and PGlite)',
      run: importBench,
    },
    certs: {
      about: 'EU DCC issue and verify rates on one core, the node:crypto ES256 limit and @pathcheck/dcc-sdk',
      run: certsBench,
    },
  };

const HELP = `Usage: npm run bench [-- NAME...]

Runs the named benchmarks (all when none is named), prints a table and writes bench/results/NAME.json.
Set DATABASE_URL=postgres://… to include PostgreSQL where a benchmark measures it.

Benchmarks:
${Object.entries(BENCHMARKS)
  .map(([name, b]) => `  ${name.padEnd(12)} ${b.about}`)
  .join('\n')}

Example:
  $ DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- db-insert`;

async function main() {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const unknown = names.filter((n) => !BENCHMARKS[n]);
  if (unknown.length) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const m = machine();
  console.log(`Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memGiB} GiB, Node ${m.node}\n`);
  for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
    console.log(`▶ ${name}: ${BENCHMARKS[name].about}`);
    const metrics = await BENCHMARKS[name].run((line) => console.log(`  ${line}`));
    writeResult(name, metrics);
    console.table(
      Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { value: v.value, unit: v.unit }])),
    );
    console.log(`  → bench/results/${name}.json\n`);
  }
}

await main();
