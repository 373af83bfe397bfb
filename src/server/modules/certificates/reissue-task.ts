import type { FastifyInstance } from 'fastify';
import { type RunningTask, startTask } from '../../jobs/background-task.ts';
import type { IssueContext } from './certificates.service.ts';
import { planCertificateReissues } from './reissue-planner.ts';

/**
 * The re-issue pass (reissue-planner.ts) as background work: every `everyMs`, once across processes
 * (a database lease), the first pass one period after start.
 */
export function startCertificateReissue(
  app: Pick<FastifyInstance, 'db' | 'log'>,
  context: () => IssueContext,
  everyMs: number,
): RunningTask {
  return startTask({
    name: 'certificate-reissue',
    everyMs,
    firstDelayMs: everyMs,
    lease: { db: app.db },
    log: app.log,
    run: () => planCertificateReissues(context()),
  });
}

/** Runs the re-issue pass with the app when asked: started once it is ready, stopped before it closes. */
export function registerCertificateReissue(app: FastifyInstance, everyMs: number | undefined) {
  if (!everyMs) return;
  let running: RunningTask | undefined;
  app.addHook('onReady', async () => {
    running = startCertificateReissue(app, () => app.certificateContext(), everyMs);
  });
  app.addHook('onClose', async () => {
    await running?.stop();
  });
}
