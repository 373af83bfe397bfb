import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type ServerConfig, trustProxyOption } from './config.ts';
import { ensureDataDir } from './data-dir.ts';
import { openConfiguredDatabase } from './db/configured.ts';
import type { Database } from './db/database.ts';
import { type DemoReport, loadDemoData } from './demo/demo-data.ts';
import { resolveKeySecret } from './key-secret.ts';
import { prepareKeys } from './keys-at-start.ts';
import * as people from './modules/people/people.service.ts';
import { DEFAULT_TOTP_REQUIRED_ROLES } from './policy/settings.ts';
import { loadInstanceSecret } from './secrets.ts';
import { type PrepareReport, prepareDatabase } from './setup.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  prepared: PrepareReport;
  demo: DemoReport | null;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database cleanly. */
  stop(): Promise<void>;
}

export interface StartHooks {
  /** Aborting it cancels start-up at the next safe point; the database is then closed cleanly. */
  signal?: AbortSignal;
  onStage?: (message: string) => void;
  onDemoProgress?: (done: number, total: number, stage: string) => void;
  /** What the operator should know (a data directory others can read, where the demo keeps its secret). */
  onWarning?: (message: string) => void;
}

/** Opens and prepares the database, loads demo data on an empty one when asked, and listens. */
export async function startServer(config: ServerConfig, hooks: StartHooks = {}): Promise<RunningServer> {
  const warn = hooks.onWarning ?? ((message: string) => console.warn(message));
  const dataDir = path.resolve(config.dataDir);
  // Made here first (mode 0700), whatever the engine: the instance secret and trust files live there too.
  const looseDir = ensureDataDir(dataDir);
  if (looseDir) warn(looseDir);
  // Before the database opens: a secret left in the data directory stops the start with what to move where.
  const keySecret = resolveKeySecret({
    dataDir,
    keySecret: config.keySecret,
    keyFile: config.keyFile,
    demo: config.demo,
  });
  if (keySecret?.notice) warn(keySecret.notice);
  hooks.onStage?.('database');
  const database = await openConfiguredDatabase(config);
  let app: FastifyInstance | undefined;
  try {
    const prepared = await prepareDatabase(database.db);
    hooks.signal?.throwIfAborted();
    let demo: DemoReport | null = null;
    if (config.demo && (await people.countPeople(database.db)) === 0) {
      hooks.onStage?.('demo');
      demo = await loadDemoData(database.db, {
        province: config.demoProvince,
        people: config.demoPeople,
        seed: config.demoSeed,
        onProgress: hooks.onDemoProgress,
        signal: hooks.signal,
      });
    }
    hooks.signal?.throwIfAborted();
    const now = new Date();
    for (const warning of await prepareKeys(database.db, keySecret, { demo: config.demo, dataDir, now }))
      warn(warning);
    app = await buildApp({
      database,
      logLevel: config.logLevel,
      logFile: config.logFile,
      prettyLogs: Boolean(process.stdout.isTTY) && !config.logFile,
      trustProxy: trustProxyOption(config.trustProxy),
      metricsToken: config.metricsToken,
      metricsPublic: config.metricsPublic,
      security: {
        plainHttp: config.plainHttp,
        // The demo's accounts sign in with a password alone unless the operator asks otherwise.
        totpRequiredRoles: config.totpRequiredRoles ?? (config.demo ? [] : DEFAULT_TOTP_REQUIRED_ROLES),
        walkInLinkHours: config.walkInLinkHours,
        smsPerHour: config.smsPerHour,
        sessions: {
          citizenHours: config.citizenSessionHours,
          citizenIdleMinutes: config.citizenIdleMinutes,
          staffHours: config.staffSessionHours,
          staffIdleMinutes: config.staffIdleMinutes,
        },
      },
      secret: loadInstanceSecret(dataDir),
      keySecret: keySecret?.secret ?? null,
      sms: config.smsChannel,
      notifications: {
        run: config.notifyRunner,
        intervalMs: config.notifyIntervalMs,
        maxAttempts: config.notifyMaxAttempts,
        backoffMs: config.notifyBackoffMs,
        pushSubject: config.pushSubject,
        pushHosts: config.pushHosts,
        maxSubscriptions: config.pushMaxSubscriptions,
      },
      imports: { run: true },
      retention: {
        run: true,
        importDays: config.uploadRetentionDays,
        documentDays: config.documentRetentionDays,
        orphanHours: config.orphanUploadHours,
        intervalMs: config.retentionIntervalMs,
      },
      certificates: {
        dataDir,
        // SSKDT_CERT_ISSUER_NAME / SSKDT_SHC_ISSUER, validated by the configuration.
        settings: {
          ...(config.certIssuerName ? { issuerName: config.certIssuerName } : {}),
          ...(config.shcIssuer ? { shcIssuer: config.shcIssuer } : {}),
        },
        reissueIntervalMs: config.notifyRunner ? config.notifyIntervalMs : undefined,
      },
    });
    const address = await app.listen({ port: config.port, host: config.host });
    const url = address.replace('[::1]', 'localhost');
    const running = app;
    let stopping: Promise<void> | undefined;
    return {
      app: running,
      database,
      url,
      prepared,
      demo,
      stop() {
        stopping ??= (async () => {
          try {
            await running.close();
          } finally {
            await database.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
