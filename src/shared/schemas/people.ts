import { z } from 'zod';
import { validateBhyt } from '../rules/bhyt.ts';
import { validateCccd, validateCmnd } from '../rules/cccd.ts';
import { normalizePhone } from '../rules/phone.ts';
import type { RuleIssue } from '../rules/result.ts';
import { normalizePersonName } from '../rules/vietnamese-text.ts';
import { isoDate, page, paginationQuery } from './common.ts';

export const sexSchema = z.enum(['male', 'female']);
export const relationshipSchema = z.enum(['self', 'spouse', 'child', 'parent', 'other']);

const optionalText = (max: number) => z.string().max(max).nullish();

/** The identity fields of a person, as forms and the API take them (rules checked in `checkPersonRules`). */
export const personFieldsSchema = z.object({
  fullName: z.string().min(1).max(100),
  birthDate: isoDate,
  sex: sexSchema,
  cccd: optionalText(20),
  cmnd: optionalText(20),
  passport: z
    .string()
    .regex(/^[A-Za-z0-9]{5,20}$/)
    .nullish(),
  phone: optionalText(20),
  bhyt: optionalText(20),
  nationality: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  unitId: z
    .string()
    .regex(/^2025-\d{5}$/)
    .nullish()
    .describe('A commune of the 2025 units, e.g. 2025-00004'),
  addressLine: optionalText(200),
  priorityGroup: optionalText(10),
});
export type PersonFields = z.infer<typeof personFieldsSchema>;

type Ctx = { addIssue: (issue: { code: 'custom'; path: string[]; message: string; params: object }) => void };

function addRuleIssues(ctx: Ctx, field: string, issues: RuleIssue[]) {
  for (const issue of issues) {
    // The message carries the catalogue code and its values, so a web form can render it in either language.
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `${issue.code}|${JSON.stringify(issue.params ?? {})}`,
      params: { code: issue.code, values: issue.params },
    });
  }
}

/**
 * The shared identifier rules applied to person fields: name, CCCD against birth date and sex, CMND,
 * phone, BHYT, birth date not in the future. The server and the web forms run the same checks.
 */
export function checkPersonRules(
  value: Partial<PersonFields>,
  ctx: Ctx,
  today = new Date().toISOString().slice(0, 10),
) {
  if (value.fullName !== undefined) {
    const name = normalizePersonName(value.fullName);
    if (!name.ok) addRuleIssues(ctx, 'fullName', name.issues);
  }
  if (value.birthDate && value.birthDate > today) addRuleIssues(ctx, 'birthDate', [{ code: 'date.future' }]);
  if (value.cccd) {
    const cccd = validateCccd(value.cccd, { birthDate: value.birthDate, sex: value.sex });
    if (!cccd.ok) addRuleIssues(ctx, 'cccd', cccd.issues);
  }
  if (value.cmnd) {
    const cmnd = validateCmnd(value.cmnd);
    if (!cmnd.ok) addRuleIssues(ctx, 'cmnd', cmnd.issues);
  }
  if (value.phone) {
    const phone = normalizePhone(value.phone);
    if (!phone.ok) addRuleIssues(ctx, 'phone', phone.issues);
  }
  if (value.bhyt) {
    const bhyt = validateBhyt(value.bhyt);
    if (!bhyt.ok) addRuleIssues(ctx, 'bhyt', bhyt.issues);
  }
}

export const personCreateSchema = personFieldsSchema
  .extend({
    confirmNotDuplicate: z
      .boolean()
      .optional()
      .describe('Set after reviewing the likely duplicates the API returned'),
  })
  .superRefine((value, ctx) => checkPersonRules(value, ctx));

export const personUpdateSchema = personFieldsSchema
  .partial()
  .superRefine((value, ctx) => checkPersonRules(value, ctx));

export const personSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: sexSchema,
  cccd: z.string().nullable(),
  cmnd: z.string().nullable(),
  passport: z.string().nullable(),
  phone: z.string().nullable(),
  bhyt: z.string().nullable(),
  nationality: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  provinceName: z.string().nullable(),
  addressLine: z.string().nullable(),
  priorityGroup: z.string().nullable(),
  mergedInto: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const personSummarySchema = personSchema
  .pick({
    id: true,
    fullName: true,
    birthDate: true,
    sex: true,
    unitName: true,
    provinceName: true,
    isDemo: true,
  })
  .extend({
    cccdLast4: z
      .string()
      .nullable()
      .describe('Last 4 digits only: search results do not show whole identifiers'),
    phoneLast3: z.string().nullable(),
  });
export type PersonSummary = z.infer<typeof personSummarySchema>;

export const personSearchQuery = paginationQuery.extend({
  q: z.string().min(1).max(100).describe('CCCD/CMND, phone, or name (accents and spacing optional)'),
  birthDate: isoDate.optional(),
});

export const personPageSchema = page(personSummarySchema);

export const personIdParams = z.object({ id: z.uuid() });

export const mergeRequestSchema = z.object({
  winnerId: z.uuid(),
  loserId: z.uuid(),
  reason: z.string().min(3).max(500),
});

export const mergeSchema = z.object({
  id: z.string(),
  winnerId: z.string(),
  loserId: z.string(),
  winnerName: z.string(),
  loserName: z.string(),
  mergedBy: z.string(),
  reason: z.string(),
  moved: z.record(z.string(), z.number()),
  mergedAt: z.string(),
});

export const identifyRequestSchema = z.object({
  cccd: z.string().min(9).max(20),
  birthDate: isoDate,
});
