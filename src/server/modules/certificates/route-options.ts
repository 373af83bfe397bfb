import type { FastifyInstance, RouteOptions } from 'fastify';

/** What a route may need beyond its contract entry: the server's own settings, not the API's. */
export interface RouteExtras {
  /** A per-route rate limit (see plugins/rate-limit.ts). */
  rateLimit?: { max: number; timeWindow: number };
  /** Hand validation errors to the handler instead of answering them (`request.validationError`). */
  attachValidation?: boolean;
}

/**
 * `app` as `mount()` sees it, with these extras added to every route it registers. A view: the app
 * itself is unchanged. (A candidate for a fourth argument of `mount()`.)
 */
export function withRouteOptions(app: FastifyInstance, extras: RouteExtras): FastifyInstance {
  const view = Object.create(app) as FastifyInstance;
  view.route = ((options: RouteOptions) =>
    app.route({
      ...options,
      ...(extras.attachValidation ? { attachValidation: true } : {}),
      config: { ...options.config, ...(extras.rateLimit ? { rateLimit: extras.rateLimit } : {}) },
    })) as FastifyInstance['route'];
  return view;
}
