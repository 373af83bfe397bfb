import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../app-error.ts';
import * as limits from '../modules/limits/limits.repository.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
/** What the plugin hands `child()` at run time: the route's merged limits with `routeInfo` (its types say otherwise). */
type ChildParams = { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * A store for @fastify/rate-limit that keeps its counters in the database (`rate_limit_counter`), so a
 * limit holds across every process of an instance and survives restarts. One atomic upsert per
 * limited request. Counters are per route and client address.
 */
function databaseStore(app: FastifyInstance) {
  return class DatabaseStore {
    readonly #prefix: string;
    constructor(params: unknown = {}) {
      const info = (params as ChildParams).routeInfo;
      this.#prefix = info?.url ? `http:${[info.method].flat().join(',')}:${info.url}` : 'http:global';
    }
    incr(key: string, callback: Callback, timeWindow: number) {
      const now = app.clock();
      limits.hit(app.db, `${this.#prefix}:${key}`, timeWindow, now).then(
        (row) =>
          callback(null, {
            current: Number(row.hits),
            ttl: Math.max(0, new Date(row.window_ends).getTime() - now.getTime()),
          }),
        (error: Error) => callback(error),
      );
    }
    child(params: unknown) {
      return new DatabaseStore(params);
    }
  };
}

/**
 * Rate limiting, off by default and switched on per route with `config: { rateLimit: { max, timeWindow } }`.
 * Keys are the client address: the socket's, or the forwarded one only when the hop that sent the
 * request is one of the configured proxy addresses (TRUST_PROXY). Counters live in the database.
 */
export async function registerRateLimit(app: FastifyInstance) {
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseStore(app),
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, 'problem.rate_limited', [], {
        seconds: Math.ceil(context.ttl / 1000),
      }),
  });
}
