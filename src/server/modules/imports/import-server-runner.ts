import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DEFAULT_IMPORT_OPTIONS, type ImportRunOptions, runNextJob } from './import-runner.ts';
import { runnerName } from './job-claim.ts';

export interface RunningImports {
  /** Looks for work now (a job was just queued). */
  wake(): void;
  /** Stops after the batch in progress; an unfinished job is let go and resumes at the next start. */
  stop(): Promise<void>;
}

/**
 * The server's import runner: one job at a time, claimed with a lease (uploads only: jobs reading a
 * local file belong to the CLI). Looks for work every `intervalMs`, at once after a job ended or when
 * woken. Errors of a pass are logged; the job is retried by a later pass until its attempts run out.
 */
export function startImportRunner(
  db: Kysely<DB>,
  settings: Partial<ImportRunOptions> & {
    intervalMs: number;
    clock?: () => Date;
    log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  },
): RunningImports {
  const runner = runnerName('server');
  const options = { ...DEFAULT_IMPORT_OPTIONS, ...settings };
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!abort.signal.aborted) timer = setTimeout(tick, ms);
  };
  const tick = () => {
    if (running) return;
    running = true;
    current = (async () => {
      let again = false;
      try {
        const ran = await runNextJob(db, runner, { localFiles: false }, options, {
          clock: settings.clock,
          signal: abort.signal,
        });
        if (ran) settings.log.info({ importJob: ran.id, state: ran.state }, 'import job pass ended');
        again = ran !== null;
      } catch (error) {
        settings.log.error({ err: error }, 'import runner pass failed');
      } finally {
        running = false;
      }
      schedule(again ? 0 : settings.intervalMs);
    })();
  };
  schedule(0);
  return {
    wake() {
      if (!running) schedule(0);
    },
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await current;
    },
  };
}
