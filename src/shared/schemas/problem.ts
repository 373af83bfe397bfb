import { z } from 'zod';

export const localizedSchema = z.object({ vi: z.string(), en: z.string() });

export const problemFieldErrorSchema = z.object({
  field: z.string().describe('Dotted path of the input, e.g. `limit` or `members.2.cccd`'),
  in: z.string().optional().describe('body, query, params or headers'),
  code: z.string().describe('Stable rule code, e.g. `cccd.birth_year`'),
  message: z.string().describe("The message in the caller's language"),
  messages: localizedSchema,
});

/** RFC 9457 problem details, as every error of the API is returned (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable error code'),
  instance: z.string(),
  requestId: z.string(),
  messages: localizedSchema,
  errors: z.array(problemFieldErrorSchema).optional(),
  meta: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Extra facts, e.g. existingPersonId or candidates'),
});

export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;
