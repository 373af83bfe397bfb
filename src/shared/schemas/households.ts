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
export type HouseholdMember = z.infer<typeof householdMemberSchema>;

export const householdSchema = z.object({
  members: z.array(householdMemberSchema),
  maxMembers: z.number().int(),
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
