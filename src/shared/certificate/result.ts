/**
 * The verifier's result: the contract of `sskdt verify --json` (issue 5), shared with the web verifier.
 * Each check is "pass", "fail" or "skip" (not reached because an earlier stage failed, or not
 * applicable). Error codes are stable; messages are English (the web verifier localizes by code).
 */

export const CHECK_NAMES = [
  'prefix',
  'base45',
  'decompress',
  'cose',
  'kid',
  'signature',
  'schema',
  'expiry',
  'keyUsage',
  'revocation',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
export type CheckState = 'pass' | 'fail' | 'skip';

export interface Holder {
  familyName?: string;
  givenName?: string;
  /** ICAO 9303 transliterations (EU DCC `fnt`/`gnt`). */
  familyNameStandard?: string;
  givenNameStandard?: string;
  birthDate?: string;
}

export interface Vaccination {
  /** Disease targeted (EU DCC `tg`, SNOMED). */
  disease?: string;
  /** Vaccine type (EU DCC `vp`). */
  vaccine?: string;
  /** Product code (EU DCC `mp`, or the SHC coding `system|code`). */
  product?: string;
  productName?: string;
  manufacturer?: string;
  manufacturerName?: string;
  doseNumber?: number;
  totalDoses?: number;
  date?: string;
  country?: string;
  issuer?: string;
  certificateId?: string;
  lotNumber?: string;
  performer?: string;
}

export const ERROR_MESSAGES = {
  INPUT_EMPTY: 'No QR text was given',
  INPUT_INVALID: 'The input is not valid',
  PREFIX_UNKNOWN: 'The QR text starts with neither "HC1:" nor "shc:/"',
  BASE45_INVALID: 'The QR text is not valid base45',
  ZLIB_INVALID: 'The certificate data is not valid zlib-compressed data',
  COSE_INVALID: 'The certificate is not a valid COSE_Sign1 structure',
  CWT_INVALID: 'The certificate payload is not a valid CWT with an EU DCC',
  SHC_NUMERIC_INVALID: 'The shc:/ QR text (or its chunks) is not valid',
  JWS_INVALID: 'The SMART Health Card is not a valid compact JWS',
  SHC_PAYLOAD_INVALID: 'The SMART Health Card payload does not inflate to JSON',
  TRUST_STORE_EMPTY: 'No trust store: pass --trust FILE (this instance has no keys yet)',
  KID_MISSING: 'The certificate names no key id (kid)',
  KID_UNKNOWN: 'The key id (kid) of the certificate is not in the trust store',
  KID_NOT_THUMBPRINT: 'The key id is not the JWK thumbprint of the trusted key',
  ALG_UNSUPPORTED: 'The signature algorithm is not supported (ES256 or PS256 only)',
  SIGNATURE_INVALID: 'The signature does not verify with the trusted key',
  SCHEMA_INVALID: 'The certificate content does not follow the EU DCC schema and value sets',
  SHC_CONTENT_INVALID: 'The SMART Health Card is not a health card with a FHIR bundle and a patient',
  TIMES_MISSING: 'The certificate has no issue or expiry time',
  NOT_YET_VALID: 'The certificate is not valid yet at the validation time',
  EXPIRED: 'The certificate has expired at the validation time',
  DSC_VALIDITY: "The signing certificate's validity does not cover the certificate's validity",
  KEY_USAGE: 'The signing certificate is not allowed to sign this type of certificate',
  REVOKED: 'The certificate has been revoked',
  TRUST_INPUT_INVALID: 'A trust input could not be read',
  IMAGE_UNREADABLE: 'The image could not be read (PNG or JPEG only)',
  IMAGE_NO_QR: 'No QR code was found in the image',
} as const;
export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface VerificationError {
  code: ErrorCode;
  message: string;
}

export interface VerificationResult {
  valid: boolean;
  format: 'eu-dcc' | 'shc' | null;
  checks: Record<CheckName, CheckState>;
  holder: Holder | null;
  vaccinations: Vaccination[];
  errors: VerificationError[];
}

/** Collects checks in pipeline order; the first failure makes the rest "skip". */
export class ResultBuilder {
  readonly result: VerificationResult = {
    valid: false,
    format: null,
    checks: Object.fromEntries(CHECK_NAMES.map((c) => [c, 'skip'])) as Record<CheckName, CheckState>,
    holder: null,
    vaccinations: [],
    errors: [],
  };

  pass(...checks: CheckName[]) {
    for (const check of checks) this.result.checks[check] = 'pass';
  }

  /** Marks a check failed with an error; returns the result (the pipeline stops there). */
  fail(check: CheckName | null, code: ErrorCode, detail?: string): VerificationResult {
    if (check) this.result.checks[check] = 'fail';
    const message = ERROR_MESSAGES[code];
    this.result.errors.push({ code, message: detail ? `${message}: ${detail}` : message });
    return this.finish();
  }

  /** valid: no check failed, no error, and every check that matters passed. */
  finish(required: CheckName[] = []): VerificationResult {
    const { checks, errors } = this.result;
    this.result.valid =
      errors.length === 0 &&
      required.length > 0 &&
      required.every((c) => checks[c] === 'pass') &&
      Object.values(checks).every((s) => s !== 'fail');
    return this.result;
  }
}
