import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import { healthSchema, overviewSchema, readinessSchema } from '../../../shared/schemas/system.ts';
import * as service from './system.service.ts';

/** Liveness, readiness and the public overview. */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      config: { policy: 'public' },
      schema: { tags: ['system'], summary: 'Liveness: the process is up', response: { 200: healthSchema } },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/readyz',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and migrations are applied',
        response: { 200: readinessSchema, 503: problemSchema },
      },
    },
    () => service.readiness(app.db, app.database.engine),
  );

  app.get(
    '/api/overview',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Public aggregate counts and whether this instance holds demo data',
        response: { 200: overviewSchema },
      },
    },
    () => service.overview(app.db, app.database.engine, app.appVersion),
  );
};
