import type { Command } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { prepareDatabase } from '../../server/setup.ts';
import { databaseOptions } from '../options.ts';

/** `sskdt migrate`: applies pending migrations and changed reference data; idempotent. */
export function registerMigrate(program: Command) {
  const command = program
    .command('migrate')
    .description('Apply pending database migrations and reload changed reference data (safe to repeat)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt migrate\n  $ DATABASE_URL=postgres://postgres@127.0.0.1/sskdt sskdt migrate',
    );
  for (const option of databaseOptions()) command.addOption(option);
  command.action(async (opts: { dataDir: string; databaseUrl?: string }) => {
    const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
    const database = await openConfiguredDatabase(config);
    try {
      const report = await prepareDatabase(database.db);
      console.log(`Database: ${database.engine} (${database.location})`);
      if (report.migrations.applied.length === 0) {
        console.log(`Migrations: nothing to apply (${report.migrations.alreadyApplied} already applied)`);
      } else {
        for (const m of report.migrations.applied) console.log(`Applied migration ${m.file}`);
      }
      for (const r of report.reference) {
        console.log(
          `Reference data ${r.name}: ${r.status === 'loaded' ? `loaded ${r.rows} rows` : 'unchanged'}`,
        );
      }
    } finally {
      await database.close();
    }
  });
}
