import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { type RunningTask, startTask } from '../../../jobs/background-task.ts';
import { DEFAULT_IMPORT_OPTIONS, type ImportRunOptions, runNextJob } from './job-runner.ts';
import { runnerName } from './runner-name.ts';

/**
 * The server's import runner, a background task: one job at a time, claimed row by row with its own
 * lease (so no task lease: several processes share the jobs), uploads only (jobs reading a local file
 * belong to the CLI). Looks for work every `intervalMs`, at once after a job ended or when woken (a job
 * was queued). Errors of a pass are logged; the job is retried by a later pass until its attempts run
 * out. `stop` aborts between batches: an unfinished job is let go and resumes at the next start.
 */
export function startImportRunner(
  db: Kysely<DB>,
  settings: Partial<ImportRunOptions> & {
    intervalMs: number;
    clock?: () => Date;
    log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  },
): RunningTask {
  const runner = runnerName('server');
  const options = { ...DEFAULT_IMPORT_OPTIONS, ...settings };
  return startTask({
    name: 'import-runner',
    everyMs: settings.intervalMs,
    log: settings.log,
    async run(signal) {
      const ran = await runNextJob(db, runner, { localFiles: false }, options, {
        clock: settings.clock,
        signal,
      });
      if (ran) settings.log.info({ importJob: ran.id, state: ran.state }, 'import job pass ended');
      // After a job, look for the next one at once.
      return ran !== null;
    },
  });
}
