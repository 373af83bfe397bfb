import { z } from 'zod';
import { securityConfigShape, securityEnv } from './config-security.ts';
import { DEFAULT_PUSH_HOSTS, parsePushHosts, splitPushHosts } from './modules/notifications/push-endpoint.ts';

/** Settings of a running server, from CLI flags over environment variables over defaults. */
export const serverConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./.sskdt'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logFile: z.string().min(1).optional(),
  ...securityConfigShape,
  metricsToken: z.string().min(16).optional(),
  smsChannel: z
    .string()
    .regex(/^(console|file:.+|http:https?:\/\/.+|https?:\/\/.+)$/, 'must be console, file:PATH or http:URL')
    .default('console'),
  notifyRunner: z
    .union([
      z.boolean(),
      z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => ['true', '1', 'on'].includes(v)),
    ])
    .default(true),
  notifyIntervalMs: z.coerce.number().int().min(100).default(10_000),
  notifyMaxAttempts: z.coerce.number().int().min(1).max(100).default(6),
  notifyBackoffMs: z.coerce.number().int().min(100).default(30_000),
  pushSubject: z
    .string()
    .regex(/^(mailto:.+|https:\/\/.+)$/, 'must be a mailto: or https: URL')
    .default('mailto:admin@sskdt.invalid'),
  /**
   * The push services the server may POST to (SSKDT_PUSH_HOSTS, comma-separated): host names, `*.domain`,
   * or whole origins `scheme://host:port` listed on purpose (a self-hosted push service, tests).
   */
  pushHosts: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (typeof value === 'string' ? splitPushHosts(value) : value))
    .pipe(
      z
        .array(z.string())
        .min(1)
        .superRefine((entries, ctx) => {
          try {
            parsePushHosts(entries);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        }),
    )
    .default([...DEFAULT_PUSH_HOSTS]),
  /** Push subscriptions per citizen account; a new one beyond it replaces the account's oldest. */
  pushMaxSubscriptions: z.coerce.number().int().min(1).max(100).default(5),
  /** The secret sealing private keys in the database (SSKDT_KEY_SECRET); never stored in the data directory. */
  keySecret: z.string().min(16, 'SSKDT_KEY_SECRET must be at least 16 characters').optional(),
  /** A file holding that secret (SSKDT_KEY_FILE), outside the data directory. */
  keyFile: z.string().min(1).optional(),
  /** The EU DCC `is` (certificate issuer) field; at most 80 characters (EU DCC schema). */
  certIssuerName: z.string().trim().min(1).max(80).optional(),
  /** The SMART Health Card `iss`: the public https base URL serving /.well-known/jwks.json. */
  shcIssuer: z
    .string()
    .regex(
      /^(https:\/\/[^\s/]+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)(\/\S*)?$/,
      'must be an https:// URL (http:// only for localhost)',
    )
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  demo: z.boolean().default(false),
  demoPeople: z.coerce.number().int().min(0).max(5_000_000).default(10_000),
  demoProvince: z
    .string()
    .regex(/^\d{2}$/)
    .default('01'),
  demoSeed: z.coerce.number().int().default(2021),
  shutdownTimeoutMs: z.coerce.number().int().min(1000).default(15_000),
  /** Days an ended import job keeps its uploaded file. */
  uploadRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days a decided correction request keeps its document photo. */
  documentRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Hours a photo attached to no request is kept. */
  orphanUploadHours: z.coerce.number().int().min(1).max(8760).default(24),
  retentionIntervalMs: z.coerce.number().int().min(1000).default(3_600_000),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

/** Reads configuration: explicit options win over environment variables (PORT, HOST, SSKDT_DATA_DIR, DATABASE_URL, …). */
export function loadServerConfig(
  options: Partial<Record<keyof ServerConfig, unknown>>,
  env = process.env,
): ServerConfig {
  const fromEnv = {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.SSKDT_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL,
    logFile: env.LOG_FILE,
    ...securityEnv(env),
    metricsToken: env.METRICS_TOKEN,
    smsChannel: env.SMS_CHANNEL,
    notifyRunner: env.NOTIFY_RUNNER,
    notifyIntervalMs: env.NOTIFY_INTERVAL_MS,
    notifyMaxAttempts: env.NOTIFY_MAX_ATTEMPTS,
    notifyBackoffMs: env.NOTIFY_BACKOFF_MS,
    pushSubject: env.PUSH_SUBJECT,
    pushHosts: env.SSKDT_PUSH_HOSTS,
    pushMaxSubscriptions: env.SSKDT_PUSH_MAX_SUBSCRIPTIONS,
    keySecret: env.SSKDT_KEY_SECRET,
    keyFile: env.SSKDT_KEY_FILE,
    certIssuerName: env.SSKDT_CERT_ISSUER_NAME,
    shcIssuer: env.SSKDT_SHC_ISSUER,
    uploadRetentionDays: env.SSKDT_UPLOAD_RETENTION_DAYS,
    documentRetentionDays: env.SSKDT_DOCUMENT_RETENTION_DAYS,
    orphanUploadHours: env.SSKDT_ORPHAN_UPLOAD_HOURS,
    retentionIntervalMs: env.SSKDT_RETENTION_INTERVAL_MS,
  };
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fromEnv))
    if (value !== undefined && value !== '') merged[key] = value;
  // An empty value (DATABASE_URL= in a shell) means "not set", as it does for the environment.
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && value !== '') merged[key] = value;
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration — ${problems}`);
  }
  return parsed.data;
}

export { trustProxyOption } from './config-security.ts';
