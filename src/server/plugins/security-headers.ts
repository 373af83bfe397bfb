import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response, by helmet. Its middleware is built once here: @fastify/helmet
 * builds it again for every request (parsing the CSP each time), which made a cheap request about a
 * third slower. The CSP allows only this origin; styles may be inline (Mantine sets them at run time).
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        fontSrc: ["'self'", 'data:'],
        // Sites run sskdt on plain HTTP inside their LAN too; upgrading would break every asset there.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}

/**
 * `Cache-Control: no-store` on every `/api` answer that does not choose its own: most carry personal
 * data (records, certificates, lookups), and a shared device's or proxy's cache must not keep them.
 * Reference data that may be cached says so itself.
 */
export function registerNoStore(app: FastifyInstance) {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
