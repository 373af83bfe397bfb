import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Endpoint } from '../shared/api/endpoint.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import { checkDeclaredErrors } from './http/mount.ts';
import { type RetentionOptions, registerUploadRetention } from './jobs/upload-retention.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { adminRoutes } from './modules/accounts/admin.routes.ts';
import { resolveActor } from './modules/accounts/sign-in-sessions.service.ts';
import { type CertificateOptions, registerCertificates } from './modules/certificates/certificates.plugin.ts';
import { correctionsRoutes } from './modules/corrections/corrections.routes.ts';
import { dataQualityRoutes } from './modules/data-quality/data-quality.routes.ts';
import { dosesRoutes } from './modules/doses/doses.routes.ts';
import { householdsRoutes } from './modules/households/households.routes.ts';
import { type ImportOptions, registerImports } from './modules/imports/imports.routes.ts';
import {
  type NotificationOptions,
  registerNotifications,
} from './modules/notifications/notifications.plugin.ts';
import { type SmsSender, smsFromConfig } from './modules/notifications/sms.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { facilitiesRoutes } from './modules/places/facilities.routes.ts';
import { placesRoutes } from './modules/places/places.routes.ts';
import { reactionsRoutes } from './modules/reactions/reactions.routes.ts';
import { registrationsRoutes } from './modules/registrations/registrations.routes.ts';
import { stockRoutes } from './modules/stock/stock.routes.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { talliesRoutes } from './modules/tallies/tallies.routes.ts';
import { sessionsRoutes } from './modules/vaccination-sessions/vaccination-sessions.routes.ts';
import { vaccinesRoutes } from './modules/vaccines/vaccines.routes.ts';
import { visitsRoutes } from './modules/visits/visits.routes.ts';
import { WEB_DIST_DIR } from './paths.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { genReqId, loggerOptions } from './plugins/logging.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerRateLimit } from './plugins/rate-limit.ts';
import { registerNoStore, registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerStaticWeb } from './plugins/static-web.ts';
import type { Policy } from './policy/index.ts';
import { type SecuritySettings, securitySettings } from './policy/settings.ts';
import { type InstanceSecret, instanceSecret } from './secrets.ts';
import { APP_VERSION } from './version.ts';

/** Who may call a route (see policy/permissions.ts); every /api route declares one. */
export type RoutePolicy = Policy;

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    database: Database;
    appVersion: string;
    metrics: Registry;
    /** The time now; tests inject a clock to travel through expiry windows. */
    clock: () => Date;
    secret: InstanceSecret;
    sms: SmsSender;
    /** Every route registered, for the contract tests (OpenAPI coverage, bad-input checks). */
    routeTable: RegisteredRoute[];
    /** Session lifetimes, mandatory TOTP, cookie and reach settings (policy/settings.ts). */
    security: SecuritySettings;
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy;
  /** False for routes kept out of the OpenAPI document on purpose (the docs UI's own files). */
  documented: boolean;
  /** The contract entry the route was mounted from (src/shared/contracts). */
  endpoint?: Endpoint;
}

export interface AppOptions {
  database: Database;
  /** pino level, or 'silent' (tests). */
  logLevel?: string;
  /** Write logs to this file instead of stdout. */
  logFile?: string;
  /** Human-readable log lines (a terminal) instead of JSON. */
  prettyLogs?: boolean;
  /** Directory of the built web app; null to serve none. */
  webDir?: string | null;
  trustProxy?: FastifyServerOptions['trustProxy'];
  metricsToken?: string;
  /** Serve `/metrics` without a token (`--metrics-public`); otherwise it is off unless a token is set. */
  metricsPublic?: boolean;
  /** Instance secret (OTP hashing, TOTP sealing); a random one per app when not given (tests). */
  secret?: InstanceSecret;
  /** SMS channel spec: console (default), file:PATH or http:URL. */
  sms?: string | SmsSender;
  clock?: () => Date;
  /**
   * The key secret sealing private keys in the database (DSCs, the VAPID key): null when the instance has
   * none (certificates and Web Push are then off); a random one per app when not given (tests).
   */
  keySecret?: string | null;
  /** Web Push subject and the outbox runner (`run: true` in `sskdt serve`; tests call runOnce instead). */
  notifications?: NotificationOptions;
  /** Certificate key secret, issuer settings, local trust files and the re-issue timer (`sskdt serve`). */
  certificates?: CertificateOptions;
  /** The import job runner (`run: true` in `sskdt serve`; tests call runNextJob instead). */
  imports?: ImportOptions;
  /** Trust settings over the safe defaults (sessions, mandatory TOTP, plain HTTP). */
  security?: Partial<SecuritySettings>;
  /** Deleting uploads after their retention (`run: true` in `sskdt serve`; tests call the pass directly). */
  retention?: RetentionOptions;
  /**
   * Called when a route answers a problem code its contract entry does not list (the test app fails the
   * file on it; a server does not watch, to keep the hook off every answer).
   */
  onUndeclaredError?: (violation: string) => void;
}

/**
 * Builds the HTTP application on an open, migrated database (not yet listening: `listen` or `inject`
 * make it ready). Tests call this and use `app.inject`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logFile, options.prettyLogs),
    genReqId,
    requestIdHeader: false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', options.database);
  app.decorate('db', options.database.db);
  app.decorate('appVersion', APP_VERSION);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.decorate('secret', options.secret ?? instanceSecret(randomBytes(32)));
  app.decorate('security', securitySettings(options.security));
  app.decorate('sms', typeof options.sms === 'object' ? options.sms : smsFromConfig(options.sms, app.log));

  // Habit 5: a route without a declared policy is a bug caught at start-up, not in production.
  const routes: RegisteredRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/api/') && !route.config?.policy) {
      throw new Error(`Route ${route.method} ${url} must declare config.policy`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      const documented = !route.schema?.hide && !url.startsWith('/docs');
      routes.push({
        method,
        url,
        policy: route.config?.policy ?? 'public',
        documented,
        endpoint: route.config?.endpoint,
      });
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  if (options.onUndeclaredError) checkDeclaredErrors(app, options.onUndeclaredError);
  registerSecurityHeaders(app);
  registerNoStore(app);
  await registerRateLimit(app);
  await registerAuth(app, resolveActor);
  // OpenAPI first: its route hook must see every route registered after it.
  await registerOpenApi(app, APP_VERSION);
  registerMetrics(app, { token: options.metricsToken, public: options.metricsPublic ?? false });

  await app.register(systemRoutes);
  await app.register(placesRoutes);
  await app.register(facilitiesRoutes);
  await app.register(vaccinesRoutes);
  await app.register(accountsRoutes);
  await app.register(adminRoutes);
  await app.register(peopleRoutes);
  await app.register(householdsRoutes);
  await app.register(correctionsRoutes);
  await app.register(dosesRoutes);
  await app.register(stockRoutes);
  await app.register(reactionsRoutes);
  await app.register(registrationsRoutes);
  await app.register(sessionsRoutes);
  await app.register(visitsRoutes);
  await app.register(talliesRoutes);
  await app.register(dataQualityRoutes);
  await registerImports(app, options.imports);
  // One secret seals every private key in the database (each purpose derives its own AES key from it).
  const keySecret =
    options.keySecret !== undefined
      ? options.keySecret
      : (options.certificates?.keySecret ?? randomBytes(32).toString('hex'));
  await registerNotifications(app, { ...options.notifications, keySecret });
  await registerCertificates(app, { ...options.certificates, keySecret });
  registerUploadRetention(app, options.retention);

  await registerStaticWeb(app, options.webDir === undefined ? WEB_DIST_DIR : options.webDir);
  return app;
}
