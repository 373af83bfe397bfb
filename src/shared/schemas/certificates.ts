import { z } from 'zod';
import { vaccinationStatusSchema } from './doses.ts';

/** Vaccination certificates (EU DCC and SMART Health Card) as the API returns them. */

export const certificateSchema = z.object({
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
