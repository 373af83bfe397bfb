import { z } from 'zod';
import { auditEventSchema } from './accounts.ts';
import { checkPersonRules, personFieldsSchema, personSchema, relationshipSchema } from './people.ts';

export const MAX_HOUSEHOLD_MEMBERS = 10;

export const householdMemberSchema = z.object({
  relationship: relationshipSchema,
  addedAt: z.string(),
  managedByOthers: z.number().int().describe('How many other phones manage this person too'),
  person: personSchema,
});

/** A request to add a member with a CCCD, waiting for the person's consent (only what was typed). */
export const linkRequestSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  relationship: relationshipSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type LinkRequest = z.infer<typeof linkRequestSchema>;

export const householdSchema = z.object({
  members: z.array(householdMemberSchema),
  pending: z.array(linkRequestSchema).describe('Members asked for, waiting for their consent'),
  maxMembers: z.number().int(),
});

/** The answer to adding a member with a CCCD: the same for every CCCD, registered or not. */
export const linkRequestCreatedSchema = z.object({
  id: z.string(),
  state: z.literal('pending'),
  expiresAt: z.string(),
});
export const linkRequestParams = z.object({ id: z.uuid() });
export const staffLinkConfirmedSchema = z.object({ personId: z.string() });
export const confirmLinkSchema = z.object({ code: z.string().trim().max(12) });

/** What staff holding the card see of the pending requests for its CCCD. */
export const staffLinkRequestsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      birthDate: z.string(),
      relationship: relationshipSchema,
      accountPhoneEnd: z.string(),
      personId: z.string().nullable(),
      matchesRecord: z.boolean().nullable(),
      createdAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
});

export const addMemberSchema = personFieldsSchema
  .extend({ relationship: relationshipSchema })
  .superRefine((value, ctx) => checkPersonRules(value, ctx));

/** What a citizen may change directly; identity fields go through a correction request. */
export const updateMemberSchema = personFieldsSchema
  .pick({ phone: true, bhyt: true, unitId: true, addressLine: true })
  .partial()
  .extend({ relationship: relationshipSchema.optional() })
  .superRefine((value, ctx) => checkPersonRules(value, ctx));

export const memberParams = z.object({ personId: z.uuid() });

export const accessLogEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  staffName: z.string().nullable(),
  role: z.string().nullable(),
  workplace: z.string().nullable(),
});
export const accessLogSchema = z.object({ items: z.array(accessLogEntrySchema) });

export const inboxSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.object({ vi: z.string(), en: z.string() }),
      body: z.object({ vi: z.string(), en: z.string() }),
      personId: z.string().nullable(),
      createdAt: z.string(),
      read: z.boolean(),
    }),
  ),
});

export const exportSchema = z.object({
  exportedAt: z.string(),
  person: personSchema,
  relationship: relationshipSchema,
  corrections: z.array(z.record(z.string(), z.unknown())),
  accessLog: z.array(auditEventSchema.pick({ at: true, action: true, actorLabel: true, actorRole: true })),
  notifications: z.array(z.record(z.string(), z.unknown())),
  retention: z.object({ vi: z.string(), en: z.string() }),
});
