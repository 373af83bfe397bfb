import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../rules/vietnamese-text.ts';
import { passportSchema } from './certificates.ts';
import { isoDate } from './common.ts';

/** The public certificate lookup: details → a code by SMS → the certificate and a short-lived token. */

/** The header that carries the lookup token (kept out of URLs, so out of access logs and history). */
export const LOOKUP_TOKEN_HEADER = 'x-lookup-token';

export const lookupRequestSchema = z.object({
  fullName: z.string().max(MAX_NAME_LENGTH * 2),
  birthDate: isoDate,
  phone: z.string().min(9).max(20),
});

/** The same answer whether or not the details matched someone. */
export const lookupStartedSchema = z.object({
  lookupId: z.uuid(),
  /** When the code sent by SMS (if any) stops working. */
  expiresAt: z.string(),
  resendInSeconds: z.number().int().describe('When the screen may offer to send a new code'),
});

export const lookupParams = z.object({ lookupId: z.uuid() });

export const lookupVerifySchema = z.object({ code: z.string().regex(/^\d{6}$/) });

export const lookupResultSchema = z.object({
  /** Opens the PDF (header `x-lookup-token`) until `tokenExpiresAt`. */
  token: z.string(),
  tokenExpiresAt: z.string(),
  /**
   * The citizen endpoint's answer (a current certificate, or the state of a revoked one); null when the
   * person has no recorded dose yet.
   */
  certificate: passportSchema.nullable(),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;
