import { z } from 'zod';
import { endpoint, file } from '../api/endpoint.ts';
import {
  LOOKUP_TOKEN_HEADER,
  lookupParams,
  lookupRequestSchema,
  lookupResultSchema,
  lookupStartedSchema,
  lookupVerifySchema,
} from '../schemas/certificate-lookup.ts';
import { certificatePdfQuery, certificateSchema } from '../schemas/certificates.ts';

const tags = ['certificates'];
/**
 * The token of a verified lookup, in a header (never in a URL). Optional here: a missing or wrong one
 * is the same 401 `lookup_token_invalid`. Other headers pass through (cookies, language).
 */
const tokenHeader = z.looseObject({ [LOOKUP_TOKEN_HEADER]: z.string().optional() });

/**
 * The public certificate lookup (no account): details → a code by SMS → the certificate and a token
 * for its PDF.
 */
export const certificateLookup = {
  start: endpoint({
    method: 'POST',
    path: '/api/public/certificate-lookup',
    policy: 'public',
    tags,
    summary:
      'Look up a certificate by full name, birth date and phone: a code goes by SMS to that phone when the details match one person; the answer is the same either way',
    body: lookupRequestSchema,
    responses: { 202: lookupStartedSchema },
    errors: [],
  }),
  verify: endpoint({
    method: 'POST',
    path: '/api/public/certificate-lookup/:lookupId/verify',
    policy: 'public',
    tags,
    summary:
      'The code of a lookup → the certificate and a 15-minute token for its PDF (5 attempts; one identical 400 for every failure)',
    params: lookupParams,
    body: lookupVerifySchema,
    responses: { 200: lookupResultSchema },
    errors: ['lookup_code_invalid', 'no_signing_key', 'certificate_withheld'],
  }),
  reissue: endpoint({
    method: 'POST',
    path: '/api/public/certificate-lookup/certificate',
    policy: 'public',
    tags,
    summary: `A new certificate after a revocation, where the rules allow it (409 certificate_withheld otherwise); the token goes in the \`${LOOKUP_TOKEN_HEADER}\` header`,
    headers: tokenHeader,
    responses: { 200: certificateSchema },
    errors: ['lookup_token_invalid', 'no_doses', 'no_signing_key', 'certificate_withheld', 'not_found'],
  }),
  pdf: endpoint({
    method: 'GET',
    path: '/api/public/certificate-lookup/certificate.pdf',
    policy: 'public',
    tags,
    summary: `The looked-up certificate as a PDF; the token from the verify step goes in the \`${LOOKUP_TOKEN_HEADER}\` header (never in the URL)`,
    query: certificatePdfQuery,
    headers: tokenHeader,
    responses: { 200: file('application/pdf') },
    errors: [
      'lookup_token_invalid',
      'certificate_revoked',
      'no_doses',
      'no_signing_key',
      'certificate_withheld',
      'not_found',
    ],
  }),
};
