import { z } from 'zod';
import { vaccinationStatusSchema } from './doses.ts';

/** Vaccination certificates (EU DCC and SMART Health Card) as the API returns them. */

export const certificateSchema = z.object({
  /** A current certificate (see `passportSchema` for the other state). */
  state: z.literal('issued'),
  uvci: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  issuer: z.string(),
  /** The EU DCC QR text (`HC1:…`). */
  euDcc: z.string(),
  /** The SMART Health Card as one QR text (`shc:/…`, the whole card; kept for older clients). */
  shc: z.string(),
  /**
   * The SMART Health Card QR codes to show: one element (equal to `shc`) when the card fits one QR
   * code (JWS ≤ 1195 characters), else its chunks `shc:/1/n/…` … `shc:/n/n/…`, scanned one by one.
   */
  shcChunks: z.array(z.string()).min(1),
  holder: z.object({
    fullName: z.string(),
    birthDate: z.string(),
    /** ICAO 9303 transliteration, as printed in the certificate (`NGUYEN`, `VAN<A`). */
    familyNameIcao: z.string(),
    givenNameIcao: z.string().nullable(),
  }),
  doses: z.array(
    z.object({
      doseNumber: z.number().int(),
      date: z.string(),
      vaccineCode: z.string(),
      product: z.string(),
      manufacturer: z.string(),
      country: z.string(),
    }),
  ),
  /** The status card: green, yellow or grey, with its reasons. */
  status: vaccinationStatusSchema,
});
export type Certificate = z.infer<typeof certificateSchema>;

export const REVOCATION_REASONS = [
  'superseded',
  'key_compromise',
  'issued_in_error',
  'fraud',
  'other',
] as const;

/**
 * The holder's certificate was revoked and no current one replaces it: what happened, when, and whether
 * a new certificate can be issued now (POST the certificate URL). Not an error: the app explains it.
 */
export const revokedPassportSchema = z.object({
  state: z.literal('revoked'),
  /** The revoked certificate's UVCI. */
  uvci: z.string(),
  reason: z.enum(REVOCATION_REASONS),
  revokedAt: z.string(),
  /** A new certificate can be issued now (the holder asks for it). */
  canReissue: z.boolean(),
  /**
   * Why not: `record_unchanged` — revoked for fraud or as issued in error, and the record is still what
   * the revoked certificate held (the health station must check and correct it first); `no_doses` — no
   * recorded dose is left to certify.
   */
  blockedBy: z.enum(['record_unchanged', 'no_doses']).nullable(),
  /** Where to go: the facility that recorded the last dose (null when unknown). */
  contact: z.string().nullable(),
});
export type RevokedPassport = z.infer<typeof revokedPassportSchema>;

/** The citizen's passport: a current certificate, or the state of a revoked one. */
export const passportSchema = z.discriminatedUnion('state', [certificateSchema, revokedPassportSchema]);
export type Passport = z.infer<typeof passportSchema>;

export const certificatePdfQuery = z.object({
  size: z.enum(['a4', 'wallet']).default('a4'),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export const UVCI_PATTERN = /^URN:UVCI:01[:/][A-Z]{2}[:/][A-Z0-9/:]{1,60}(#[A-Z0-9/:])?$/;

export const revocationBody = z.object({
  uvci: z.string().trim().toUpperCase().regex(UVCI_PATTERN),
  reason: z.enum(['key_compromise', 'issued_in_error', 'fraud', 'other']),
});

/** A certificate found by UVCI (staff, within reach). */
export const staffCertificateLookupSchema = z.object({
  uvci: z.string(),
  personId: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  revocation: z.object({ reason: z.string(), revokedAt: z.string() }).nullable(),
});
export const uvciParams = z.object({ uvci: z.string().trim().toUpperCase().regex(UVCI_PATTERN) });

export const revocationListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  includeSuperseded: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const revocationListSchema = z.object({
  items: z.array(
    z.object({
      uvci: z.string(),
      uvciHash: z.string(),
      reason: z.string(),
      revokedAt: z.string(),
      issuedHere: z.boolean(),
      personId: z.string().nullable(),
      fullName: z.string().nullable(),
      revokedBy: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const revocationSchema = z.object({
  uvci: z.string(),
  uvciHash: z.string(),
  reason: z.string(),
  revokedAt: z.string(),
  /** Whether the UVCI is one this instance issued. */
  issuedHere: z.boolean(),
});
