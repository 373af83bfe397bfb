import { endpoint, file } from '../api/endpoint.ts';
import { healthSchema, overviewSchema, readinessSchema } from '../schemas/system.ts';

const tags = ['system'];

/** Liveness, readiness, the public overview and the Prometheus metrics. */
export const system = {
  health: endpoint({
    method: 'GET',
    path: '/healthz',
    policy: 'public',
    tags,
    summary: 'Liveness: the process is up',
    responses: { 200: healthSchema },
    errors: [],
  }),
  readiness: endpoint({
    method: 'GET',
    path: '/readyz',
    policy: 'public',
    tags,
    summary: 'Readiness: the database answers and migrations are applied',
    responses: { 200: readinessSchema },
    errors: ['not_ready'],
  }),
  overview: endpoint({
    method: 'GET',
    path: '/api/overview',
    policy: 'public',
    tags,
    summary: 'Public aggregate counts and whether this instance holds demo data',
    responses: { 200: overviewSchema },
    errors: [],
  }),
  metrics: endpoint({
    method: 'GET',
    path: '/metrics',
    policy: 'public',
    tags,
    summary: 'Prometheus metrics (bearer token METRICS_TOKEN, or public with --metrics-public; else 404)',
    responses: { 200: file('text/plain') },
    errors: ['not_found'],
  }),
};
