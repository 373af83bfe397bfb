import { isIP } from 'node:net';
import { z } from 'zod';
import { staffRoleSchema } from '../shared/schemas/accounts.ts';

const flag = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => ['true', '1', 'on'].includes(v)),
]);

/** An address or CIDR range of a trusted proxy (`10.0.0.5`, `10.0.0.0/8`, `::1`). */
function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
}

/**
 * The trust settings of a server (OPERATIONS.md, "Security settings"), merged into the server
 * configuration: proxies whose X-Forwarded-For is believed, metrics exposure, plain HTTP, mandatory
 * two-factor roles, session lifetimes and the walk-in link's life.
 */
export const securityConfigShape = {
  /**
   * Addresses (or CIDR ranges) of the reverse proxies in front of the server, comma-separated
   * (TRUST_PROXY). X-Forwarded-For is believed only from these hops; "true" (every hop) is refused,
   * since any client could then choose the address its rate limits are counted under.
   */
  trustProxy: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (!value) return;
      const bad = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !isAddressOrRange(s));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `TRUST_PROXY lists proxy addresses or CIDR ranges (comma-separated); not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
        });
    }),
  /** `/metrics` without a token (SSKDT_METRICS_PUBLIC / --metrics-public): only behind a private network. */
  metricsPublic: flag.default(false),
  /** Session cookies without `Secure` (SSKDT_PLAIN_HTTP / --plain-http): a site served over plain HTTP. */
  plainHttp: flag.default(false),
  /**
   * Roles that must enrol in TOTP (SSKDT_TOTP_REQUIRED_ROLES, comma-separated, or "none"). Default
   * admin and province_manager; `serve --demo` uses none unless set, so the demo accounts sign in with
   * a password alone.
   */
  totpRequiredRoles: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? undefined
        : value.trim() === 'none'
          ? []
          : value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
    )
    .pipe(z.array(staffRoleSchema).optional()),
  citizenSessionHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  citizenIdleMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60 * 30)
    .default(24 * 60),
  staffSessionHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  staffIdleMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(4 * 60),
  /** Hours a walk-in identification keeps a person within a facility's reach without a visit or dose. */
  walkInLinkHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(24),
  /** Sign-in codes per hour for the whole instance: size it to the SMS contract. */
  smsPerHour: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
};

/** The environment variables of the security settings. */
export function securityEnv(env: NodeJS.ProcessEnv) {
  return {
    trustProxy: env.TRUST_PROXY,
    metricsPublic: env.SSKDT_METRICS_PUBLIC,
    plainHttp: env.SSKDT_PLAIN_HTTP,
    totpRequiredRoles: env.SSKDT_TOTP_REQUIRED_ROLES,
    citizenSessionHours: env.SSKDT_CITIZEN_SESSION_HOURS,
    citizenIdleMinutes: env.SSKDT_CITIZEN_IDLE_MINUTES,
    staffSessionHours: env.SSKDT_STAFF_SESSION_HOURS,
    staffIdleMinutes: env.SSKDT_STAFF_IDLE_MINUTES,
    walkInLinkHours: env.SSKDT_WALK_IN_LINK_HOURS,
    smsPerHour: env.SSKDT_SMS_PER_HOUR,
  };
}

/** Turns the TRUST_PROXY setting into Fastify's trustProxy option: the listed hops only. */
export function trustProxyOption(value: string | undefined): false | string[] {
  if (!value) return false;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
