import path from 'node:path';
import type { Command } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { loadDemoData } from '../../server/demo/demo-data.ts';
import {
  describeLegacyFile,
  type LegacyFileEncoding,
  writeLegacyFile,
} from '../../server/demo/legacy-file.ts';
import { keySealer } from '../../server/key-seal.ts';
import { resolveKeySecret } from '../../server/key-secret.ts';
import { DEMO_STAFF_PASSWORD } from '../../server/modules/accounts/demo-logins.ts';
import { ensureKeys } from '../../server/modules/certificates/keys.service.ts';
import { writeLocalTrust } from '../../server/modules/certificates/local-trust.ts';
import * as system from '../../server/modules/system/system.service.ts';
import { prepareDatabase } from '../../server/setup.ts';
import { databaseOptions, parseIntOption } from '../options.ts';
import { createProgress } from '../progress.ts';

interface DemoOpts {
  province: string;
  people: number;
  seed: number;
  append?: boolean;
  dataDir: string;
  databaseUrl?: string;
  legacyFile?: string;
  rows: number;
  encoding: string;
  facility?: string;
}

const LEGACY_ENCODINGS = ['utf8', 'tcvn3', 'vni'];

/** `sskdt demo`: loads synthetic, clearly labelled demo data. */
export function registerDemo(program: Command) {
  const command = program
    .command('demo')
    .description(
      'Load synthetic demo data (people, facilities, vaccinations, sessions, stock) for one province, marked as demo',
    )
    .option(
      '--province <code>',
      '2-digit code of a 2025 province (01 Hà Nội, 79 Hồ Chí Minh, 48 Đà Nẵng)',
      '01',
    )
    .option('--people <n>', 'number of people to generate', parseIntOption('--people'), 10_000)
    .option('--seed <s>', 'random seed: the same seed gives the same data', parseIntOption('--seed'), 2021)
    .option('--append', 'add to demo data that is already loaded')
    .option(
      '--legacy-file <out.csv>',
      'instead of loading data, write a legacy dose export (Hà Nội, old units, the usual faults) for import demos and benchmarks',
    )
    .option('--rows <n>', 'rows of the legacy file', parseIntOption('--rows'), 10_000)
    .option('--encoding <enc>', 'text encoding of the legacy file: utf8, tcvn3 or vni', 'utf8')
    .option('--facility <code>', 'facility code written in the legacy file (and in its row ids)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt demo\n  $ sskdt demo --province 79 --people 50000 --seed 7\n  $ sskdt demo --database-url postgres://postgres@127.0.0.1/sskdt --people 1000\n  $ sskdt demo --legacy-file legacy.csv --rows 100000 --encoding tcvn3',
    );
  for (const option of databaseOptions()) command.addOption(option);
  command.action(async (opts: DemoOpts) => {
    if (opts.legacyFile) return legacyFile(opts, opts.legacyFile);
    if (!/^\d{2}$/.test(opts.province))
      throw new Error('--province must be a 2-digit province code, e.g. 01');
    if (opts.people < 1 || opts.people > 5_000_000)
      throw new Error('--people must be between 1 and 5,000,000');
    const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
    const database = await openConfiguredDatabase(config);
    const progress = createProgress('Demo data');
    try {
      await prepareDatabase(database.db);
      const existing = await system.demoMarker(database.db);
      if (existing && !opts.append) {
        console.log(
          `Demo data is already loaded (${existing.people} people, ${existing.provinceName}). Use --append to add more.`,
        );
        return;
      }
      const started = Date.now();
      const report = await loadDemoData(database.db, {
        province: opts.province,
        people: opts.people,
        seed: opts.seed,
        onProgress: (done, total, stage) => progress.update(done, total, stage),
      });
      progress.stop();
      const dataDir = path.resolve(opts.dataDir);
      // The demo's keys are sealed with the configured secret, else the demo's own beside the data directory.
      const secret = resolveKeySecret({
        dataDir,
        keySecret: config.keySecret,
        keyFile: config.keyFile,
        demo: true,
      });
      if (secret?.notice) console.error(secret.notice);
      if (secret && (await ensureKeys(database.db, keySealer(secret.secret), new Date()))) {
        await writeLocalTrust(database.db, dataDir, new Date());
        console.log('Created certificate signing keys (sskdt keys list)');
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `Loaded demo data for ${report.provinceName}: ${report.people} people, ${report.facilities} facilities` +
          `${report.skipped ? ` (${report.skipped} skipped: CCCD already present)` : ''} in ${seconds.toFixed(1)} s`,
      );
      if (report.vaccination) {
        const v = report.vaccination;
        console.log(
          `Vaccination: ${v.doses} doses, ${v.sessions} sessions (today's at the demo site and clinic), ${v.registrations} registrations, ${v.movements} stock movements, ${v.reactions} reactions`,
        );
      }
      if (report.staff.length) {
        console.log(
          `Demo staff (password ${DEMO_STAFF_PASSWORD}): ${report.staff.map((s) => `${s.username} (${s.role})`).join(', ')}`,
        );
        console.log(`Demo household phones: ${report.citizens.map((c) => c.phone).join(', ')}`);
      }
    } finally {
      progress.stop();
      await database.close();
    }
  });
}

/** `sskdt demo --legacy-file OUT.csv`: writes the file and its `.faults.json`, prints the fault counts. */
async function legacyFile(opts: DemoOpts, file: string) {
  if (!LEGACY_ENCODINGS.includes(opts.encoding))
    throw new Error(`--encoding must be one of ${LEGACY_ENCODINGS.join(', ')}`);
  if (opts.rows < 1 || opts.rows > 20_000_000) throw new Error('--rows must be between 1 and 20,000,000');
  const progress = createProgress('Legacy file');
  const started = Date.now();
  try {
    const report = await writeLegacyFile(file, {
      rows: opts.rows,
      encoding: opts.encoding as LegacyFileEncoding,
      seed: opts.seed,
      facility: opts.facility,
      onProgress: (done, total) => progress.update(done, total, 'rows'),
    });
    progress.stop();
    console.log(describeLegacyFile(report, (Date.now() - started) / 1000));
  } finally {
    progress.stop();
  }
}
