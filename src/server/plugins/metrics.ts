import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { system } from '../../shared/contracts/system.ts';
import { AppError } from '../app-error.ts';
import { mount } from '../http/mount.ts';

/**
 * Prometheus metrics at /metrics: process defaults plus a request histogram by route and status. The
 * endpoint answers only with the bearer token (METRICS_TOKEN), or to anyone when the operator passed
 * `--metrics-public`; otherwise it is not there (404): route names and load figures help an attacker.
 */
export function registerMetrics(app: FastifyInstance, options: { token?: string; public: boolean }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'sskdt_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metrics', registry);

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids and query strings would explode cardinality and leak data.
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  mount(app, system.metrics, async (_parts, request, reply) => {
    const allowed = options.token
      ? request.headers.authorization === `Bearer ${options.token}`
      : options.public;
    if (!allowed) throw AppError.notFound();
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
