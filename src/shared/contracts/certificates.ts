import { z } from 'zod';
import { endpoint, file } from '../api/endpoint.ts';
import { DCC_REVOCATIONS_PATH, DCC_TRUST_LIST_PATH, JWKS_PATH } from '../certificate/published-lists.ts';
import {
  certificatePdfQuery,
  certificateSchema,
  passportSchema,
  revocationBody,
  revocationListQuery,
  revocationListSchema,
  revocationSchema,
  staffCertificateLookupSchema,
  uvciParams,
} from '../schemas/certificates.ts';
import { memberParams } from '../schemas/households.ts';

const tags = ['certificates'];
/** A published list: verifiers read it as it is (its formats are `TrustStore`'s, not the API's). */
const published = z.record(z.string(), z.unknown());
/** What issuing a certificate on demand may answer besides the caller's own errors. */
const issuing = ['no_doses', 'no_signing_key', 'certificate_withheld'] as const;

/**
 * Vaccination certificates: the member's certificate (EU DCC + SMART Health Card) and its PDF, a new
 * one after a revocation, staff reads and revocations, and the lists verifiers fetch at stable URLs.
 */
export const certificates = {
  memberCertificate: endpoint({
    method: 'GET',
    path: '/api/me/household/members/:personId/certificate',
    policy: 'citizen',
    tags,
    summary:
      "A member's vaccination certificate (state `issued`: EU DCC and SMART Health Card QR texts, status card), or the state of a revoked one (`revoked`: reason, date, whether a new one can be issued now)",
    params: memberParams,
    responses: { 200: passportSchema },
    errors: ['not_found', ...issuing],
  }),
  reissue: endpoint({
    method: 'POST',
    path: '/api/me/household/members/:personId/certificate',
    policy: 'citizen',
    tags,
    summary:
      "Issue a member's new certificate after a revocation, where the rules allow it (409 certificate_withheld otherwise); a current certificate is answered as it is",
    params: memberParams,
    responses: { 200: certificateSchema },
    errors: ['not_found', ...issuing],
  }),
  pdf: endpoint({
    method: 'GET',
    path: '/api/me/household/members/:personId/certificate.pdf',
    policy: 'citizen',
    tags,
    summary: "A member's printable certificate (PDF, A4 or wallet size, Vietnamese or English)",
    params: memberParams,
    query: certificatePdfQuery,
    responses: { 200: file('application/pdf') },
    errors: ['not_found', 'certificate_revoked', ...issuing],
  }),
  staffCertificate: endpoint({
    method: 'GET',
    path: '/api/staff/people/:id/certificate',
    policy: 'staff:certificates.read',
    tags,
    summary:
      "A person's vaccination certificate, or the state of a revoked one, as the holder sees it (the read is audited)",
    params: z.object({ id: z.uuid() }),
    responses: { 200: passportSchema },
    errors: ['not_found', ...issuing],
  }),
  revoke: endpoint({
    method: 'POST',
    path: '/api/staff/certificates/revocations',
    policy: 'staff:certificates.revoke',
    tags,
    summary: 'Revoke a certificate by UVCI with a reason (published in the revocation lists; audited)',
    body: revocationBody,
    responses: { 201: revocationSchema },
    errors: ['not_found', 'already_revoked'],
  }),
  revocations: endpoint({
    method: 'GET',
    path: '/api/staff/certificates/revocations',
    policy: 'staff:certificates.revoke',
    tags,
    summary: 'Revocations within reach (national staff: all, also UVCIs not issued here), newest first',
    query: revocationListQuery,
    responses: { 200: revocationListSchema },
    errors: [],
  }),
  byUvci: endpoint({
    method: 'GET',
    path: '/api/staff/certificates/:uvci',
    policy: 'staff:certificates.read',
    tags,
    summary: 'A certificate by its UVCI, when its holder is within reach (the read is audited)',
    params: uvciParams,
    responses: { 200: staffCertificateLookupSchema },
    errors: ['not_found'],
  }),
  // Published lists, at stable URLs (no sign-in: verifiers fetch them).
  trustList: endpoint({
    method: 'GET',
    path: DCC_TRUST_LIST_PATH,
    policy: 'public',
    tags,
    summary: 'EU DCC document signer trust list',
    responses: { 200: published },
    errors: [],
  }),
  jwks: endpoint({
    method: 'GET',
    path: JWKS_PATH,
    policy: 'public',
    tags,
    summary: 'SMART Health Card issuer keys (JWKS)',
    responses: { 200: published },
    errors: [],
  }),
  revocationList: endpoint({
    method: 'GET',
    path: DCC_REVOCATIONS_PATH,
    policy: 'public',
    tags,
    summary: 'Revoked EU DCC UVCIs (hashed)',
    responses: { 200: published },
    errors: [],
  }),
  crl: endpoint({
    method: 'GET',
    path: '/.well-known/crl/:kid',
    policy: 'public',
    tags,
    summary: 'SMART Health Card revocation list of one key (`<kid>.json`)',
    params: z.object({ kid: z.string().regex(/^[A-Za-z0-9_-]{43}\.json$/) }),
    responses: { 200: published },
    errors: [],
  }),
};
