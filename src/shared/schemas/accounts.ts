import { z } from 'zod';
import { page, paginationQuery } from './common.ts';
import { permissionSchema } from './permissions.ts';

export const staffRoleSchema = z.enum([
  'admin',
  'province_manager',
  'commune_manager',
  'site_staff',
  'clinic_staff',
]);
export type StaffRoleName = z.infer<typeof staffRoleSchema>;
/** The roles a signed-in staff principal can have: a person's role, or a facility's API key. */
export const principalRoleSchema = z.enum([...staffRoleSchema.options, 'facility_api']);

export const otpRequestSchema = z.object({ phone: z.string().min(9).max(20) });
export const otpRequestedSchema = z.object({
  expiresInSeconds: z.number().int(),
  resendInSeconds: z.number().int().describe('When the screen may offer to send a new code'),
});
export const otpVerifySchema = z.object({
  phone: z.string().min(9).max(20),
  code: z.string().regex(/^\d{6}$/),
});

export const staffLoginSchema = z.object({
  username: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
});
export const totpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const scopeSchema = z.object({
  kind: z.enum(['national', 'unit', 'facility']),
  unitId: z.string().optional(),
  facilityId: z.string().optional(),
  communeId: z.string().optional(),
});

export const meSchema = z.object({
  actor: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('citizen'), accountId: z.string(), phoneLast3: z.string() }),
      z.object({
        kind: z.literal('staff'),
        staffId: z.string(),
        username: z.string(),
        displayName: z.string(),
        role: principalRoleSchema,
        scope: scopeSchema,
        needsTotp: z.boolean(),
        /** The role must use two-factor sign-in and the user has not enrolled: only enrolment is open. */
        needsTotpSetup: z.boolean(),
        /** What this principal may do (the server checks again on every request). */
        permissions: z.array(permissionSchema),
      }),
    ])
    .nullable(),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const totpSetupSchema = z.object({ secret: z.string(), uri: z.string() });

export const demoLoginsSchema = z.object({
  demo: z.boolean(),
  staff: z.array(
    z.object({ username: z.string(), password: z.string(), role: staffRoleSchema, where: z.string() }),
  ),
  citizens: z.array(z.object({ phone: z.string(), members: z.number().int() })),
  smsChannel: z.string(),
});

export const staffCreateSchema = z.object({
  username: z.string().min(3).max(40),
  displayName: z.string().min(1).max(100),
  role: staffRoleSchema,
  unit: z.string().max(20).optional().describe('2025 unit code or id (province or commune managers)'),
  facility: z.string().max(60).optional().describe('Facility code or id (site and clinic staff)'),
});

export const staffCreatedSchema = z.object({ id: z.string(), username: z.string(), password: z.string() });

export const staffUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  facilityId: z.string().nullable(),
  facilityName: z.string().nullable(),
  totpEnabled: z.boolean(),
  locked: z.boolean(),
  disabled: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
});
export const staffUserPageSchema = page(staffUserSchema);

export const auditQuery = paginationQuery.extend({
  personId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorKind: z.enum(['staff', 'citizen', 'system']),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  personId: z.string().nullable(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditPageSchema = page(auditEventSchema);

/** Longest life an API key may be given (days). */
export const API_KEY_MAX_DAYS = 730;
export const apiKeyCreateSchema = z.object({
  facility: z.string().min(1).max(60),
  name: z.string().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(API_KEY_MAX_DAYS).optional(),
});
export const apiKeyCreatedSchema = z.object({
  id: z.string(),
  key: z.string(),
  prefix: z.string(),
  facilityName: z.string(),
  expiresAt: z.string(),
});
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  facilityName: z.string(),
  facilityCode: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
  state: z.enum(['active', 'expired', 'revoked']),
});
export type ApiKeyInfo = z.infer<typeof apiKeySchema>;
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
export const apiKeyExpireSchema = z.object({ at: z.string().datetime({ offset: true }).optional() });
