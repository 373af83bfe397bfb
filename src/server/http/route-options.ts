import type { FastifyContextConfig, FastifyInstance, RouteOptions } from 'fastify';

/** Fastify route options that are about transport, not the API: a rate limit, a body size limit. */
export interface ExtraRouteOptions {
  rateLimit?: FastifyContextConfig['rateLimit'];
  bodyLimit?: number;
}

/**
 * The same instance, but every route it registers also gets these options: `mount(withRouteOptions(app,
 * { rateLimit }), entry, handler)`. The rate-limit plugin reads a route's `config.rateLimit` when the
 * route is added, so the option must be there from the start.
 */
export function withRouteOptions(app: FastifyInstance, extra: ExtraRouteOptions): FastifyInstance {
  const scoped: FastifyInstance = Object.create(app);
  const route = (options: RouteOptions) =>
    app.route({
      ...options,
      ...(extra.bodyLimit === undefined ? {} : { bodyLimit: extra.bodyLimit }),
      config: {
        ...options.config,
        ...(extra.rateLimit === undefined ? {} : { rateLimit: extra.rateLimit }),
      },
    });
  scoped.route = route as FastifyInstance['route'];
  return scoped;
}
