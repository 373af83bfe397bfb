import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Command } from 'commander';
import { loadServerConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import type { ImportJobRow } from '../../server/modules/imports/imports.repository.ts';
import {
  DEFAULT_IMPORT_OPTIONS,
  type ImportProgress,
  runNextJob,
} from '../../server/modules/imports/runner/job-runner.ts';
import { findOrCreateLocalJob, LocalImportError } from '../../server/modules/imports/runner/local-job.ts';
import { runnerName } from '../../server/modules/imports/runner/runner-name.ts';
import { prepareDatabase } from '../../server/setup.ts';
import { databaseOptions } from '../options.ts';
import { createProgress } from '../progress.ts';

interface ImportOpts {
  facility: string;
  mapping?: string;
  dryRun?: boolean;
  report?: string;
  dataDir: string;
  databaseUrl?: string;
}

/** A usage or I/O problem: exit code 2. */
class UsageError extends Error {}

/** The counts of a job: what was done, or for a dry run what would be done (nothing was written). */
const summary = (job: ImportJobRow) =>
  job.dry_run
    ? `${job.count_read} rows: ${job.count_imported} would be imported, ${job.count_skipped} would be skipped, ` +
      `${job.count_failed} failed, ${job.count_review} would go to review` +
      (job.persons_created ? ` (${job.persons_created} new persons would be added)` : '')
    : `${job.count_read} rows: ${job.count_imported} imported, ${job.count_skipped} skipped, ` +
      `${job.count_failed} failed, ${job.count_review} to review` +
      (job.persons_created ? ` (${job.persons_created} new persons added)` : '');

/**
 * `sskdt import FILE`: imports a CSV or XLSX file of legacy dose records for a facility, with a
 * progress bar and a summary. Run again after a crash, the same command resumes the unfinished job
 * (same file content, facility and mapping) where its last batch ended. Exit codes: 0 done (also with
 * failed rows), 1 the job failed or cannot go on, 2 usage or I/O.
 */
export function registerImport(program: Command) {
  const command = program
    .command('import')
    .description(
      'Import legacy dose records from a CSV or XLSX file (resumable; re-importing never duplicates)',
    )
    .argument('<file>', 'CSV (UTF-8, TCVN3 or VNI; , ; or tab) or XLSX file with the template columns')
    .requiredOption('--facility <code>', 'code of the facility the records belong to')
    .option('--mapping <name>', 'a column mapping saved for the facility (files with other headers)')
    .option('--dry-run', 'check the file and report what would happen, writing nothing')
    .option('--report <out.xlsx>', 'write the error report (failed rows with an error column) to this file')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sskdt import legacy.csv --facility HN-BADINH-01\n' +
        '  $ sskdt import old-system.xlsx --facility HN-BADINH-01 --mapping "Phần mềm cũ" --report errors.xlsx\n' +
        '  $ DATABASE_URL=postgres://postgres@127.0.0.1/sskdt sskdt import legacy.csv --facility HN-01 --dry-run',
    );
  for (const option of databaseOptions()) command.addOption(option);
  command.action(async (file: string, opts: ImportOpts) => {
    try {
      process.exitCode = await runImport(file, opts);
    } catch (error) {
      if (error instanceof UsageError || error instanceof LocalImportError) {
        console.error(`sskdt import: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
  });
}

async function runImport(file: string, opts: ImportOpts): Promise<number> {
  // On the embedded engine, a full collection every 5 batches keeps the process flat under 500 MB for a
  // million rows (left alone, V8 lets the old generation grow long before it collects). On PostgreSQL
  // the importer stays near 330 MB without it, and the collections were a seventh of its CPU.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let batches = 0;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
  if (opts.report && !fs.existsSync(path.dirname(path.resolve(opts.report))))
    throw new UsageError(`${opts.report}: its directory does not exist`);
  const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  // On the embedded engine, the import shares this process with the database: a 64 MB buffer pool
  // (instead of 128) keeps a million-row import near 430 MB instead of 535, at the same speed within
  // this machine's spread (6,100–7,200 rows/s measured with either).
  const database = await openConfiguredDatabase(config, { pgliteSharedBuffersMb: 64 });
  const progress = createProgress(path.basename(file));
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    await prepareDatabase(database.db);
    const { job, resumed } = await findOrCreateLocalJob(
      database.db,
      { file, facilityCode: opts.facility, mappingName: opts.mapping, dryRun: opts.dryRun },
      new Date(),
    );
    console.log(
      resumed
        ? `Resuming import ${job.id} after row ${job.next_row} (${summary(job)} so far)`
        : `Import ${job.id}${job.dry_run ? ' (dry run: nothing is written)' : ''}`,
    );
    const size = job.size_bytes || 1;
    const collect = database.engine === 'pglite';
    const ran = await runNextJob(
      database.db,
      runnerName('cli'),
      { jobId: job.id, localFiles: true },
      // Bigger batches than the server's: nothing else waits for the database here.
      { ...DEFAULT_IMPORT_OPTIONS, batchSize: 2000, asyncCommit: database.engine === 'postgres' },
      {
        signal: abort.signal,
        onProgress: ({ job: now, bytesRead }: ImportProgress) => {
          if (collect && ++batches % 5 === 0) gc();
          progress.update(
            Math.round(Math.min(bytesRead, size) / 1024),
            Math.round(size / 1024),
            `${now.count_read} rows, ${now.count_imported} ${now.dry_run ? 'would be imported' : 'imported'}, ${now.count_failed} failed`,
          );
        },
      },
    );
    progress.stop();
    const final = await database.db
      .selectFrom('import_job')
      .selectAll()
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    if (!ran) {
      console.error(
        `Import ${job.id} is being run by another process (${final.locked_by ?? 'unknown'}); try again later.`,
      );
      return 1;
    }
    if (final.state === 'needs_mapping') {
      console.error(
        `The file's columns do not name every required field. Headers: ${(final.headers as string[]).join(' | ')}\n` +
          'Map them once in the web app (Imports → column mapping, saved by name), then run again with --mapping NAME.',
      );
      return 1;
    }
    if (final.state === 'running') {
      console.error(`Stopped after row ${final.next_row}: run the same command again to resume.`);
      return 1;
    }
    if (final.state === 'cancelled') {
      console.error(
        `Import ${job.id} was cancelled (in the web app) after row ${final.next_row}: ${summary(final)}. ` +
          'Run the command again to import the rest; rows already imported are skipped.',
      );
      return 1;
    }
    if (final.state === 'failed') {
      console.error(
        `Import failed: ${final.error_code}${final.error_detail ? ` (${final.error_detail})` : ''}`,
      );
      return 1;
    }
    console.log(`${final.dry_run ? 'Dry run (nothing written)' : 'Done'}: ${summary(final)}`);
    if (final.count_failed && opts.report) {
      // The report's XLSX writer is loaded only when a report is asked for.
      const { writeErrorReport } = await import('../../server/modules/imports/report.ts');
      await writeErrorReport(database.db, final, fs.createWriteStream(opts.report));
      console.log(`Error report: ${path.resolve(opts.report)}`);
    } else if (final.count_failed)
      console.log('Write the failed rows with their errors: --report errors.xlsx');
    if (final.count_review && !final.dry_run) console.log('Rows to review: web app → Imports → review queue');
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    await database.close();
  }
}
