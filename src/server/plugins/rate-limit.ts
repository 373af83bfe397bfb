import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';

/**
 * Rate limiting, off by default and switched on per route with `config: { rateLimit: { max, timeWindow } }`.
 * Keys are the client address (behind trusted proxies, the forwarded one). Counters live in memory per
 * process; with several processes, put the limit at the proxy or give the plugin a shared store.
 */
export async function registerRateLimit(app: FastifyInstance) {
  await app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, 'problem.rate_limited', [], {
        seconds: Math.ceil(context.ttl / 1000),
      }),
  });
}
