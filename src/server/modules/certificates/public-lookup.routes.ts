import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LOOKUP_TOKEN_HEADER,
  lookupParams,
  lookupRequestSchema,
  lookupResultSchema,
  lookupStartedSchema,
  lookupVerifySchema,
} from '../../../shared/schemas/certificate-lookup.ts';
import { certificatePdfQuery, certificateSchema } from '../../../shared/schemas/certificates.ts';
import { problemResponses, problemSchema } from '../../../shared/schemas/problem.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  certificateByToken,
  type LookupContext,
  reissueByToken,
  startLookup,
  verifyLookup,
} from './public-lookup.service.ts';

const TEN_MINUTES = 10 * 60_000;
const errors = { ...problemResponses, 429: problemSchema };

/**
 * The public certificate lookup (no account): details → a code by SMS → the certificate and a token
 * for its PDF. Per-address limits here (in memory, per process); the per-phone limit is in the database.
 */
export const publicLookupRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (): LookupContext => ({
    issue: app.certificateContext(),
    secret: app.secret,
    sms: app.sms,
    log: app.log,
  });

  app.post(
    '/api/public/certificate-lookup',
    {
      config: { policy: 'public', rateLimit: { max: 10, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['certificates'],
        summary:
          'Look up a certificate by full name, birth date and phone: a code goes by SMS to that phone when the details match one person; the answer is the same either way',
        body: lookupRequestSchema,
        response: { 202: lookupStartedSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await startLookup(ctx(), request.body, request.ip)),
  );

  app.post(
    '/api/public/certificate-lookup/:lookupId/verify',
    {
      config: { policy: 'public', rateLimit: { max: 30, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['certificates'],
        summary:
          'The code of a lookup → the certificate and a 15-minute token for its PDF (5 attempts; one identical 400 for every failure)',
        params: lookupParams,
        body: lookupVerifySchema,
        response: { 200: lookupResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyLookup(ctx(), request.params.lookupId, request.body.code, request.ip);
    },
  );

  app.post(
    '/api/public/certificate-lookup/certificate',
    {
      config: { policy: 'public', rateLimit: { max: 30, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['certificates'],
        summary: `A new certificate after a revocation, where the rules allow it (409 certificate_withheld otherwise); the token goes in the \`${LOOKUP_TOKEN_HEADER}\` header`,
        response: { 200: certificateSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const header = request.headers[LOOKUP_TOKEN_HEADER];
      return reissueByToken(ctx(), typeof header === 'string' ? header : undefined, request.ip);
    },
  );

  app.get(
    '/api/public/certificate-lookup/certificate.pdf',
    {
      config: { policy: 'public', rateLimit: { max: 30, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['certificates'],
        summary: `The looked-up certificate as a PDF; the token from the verify step goes in the \`${LOOKUP_TOKEN_HEADER}\` header (never in the URL)`,
        querystring: certificatePdfQuery,
        response: { 200: z.string().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const header = request.headers[LOOKUP_TOKEN_HEADER];
      const certificate = await certificateByToken(
        ctx(),
        typeof header === 'string' ? header : undefined,
        request.ip,
      );
      const pdf = await certificatePdf(certificate, request.query);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="sskdt-certificate-${request.query.size}.pdf"`)
          .header('cache-control', 'no-store')
          // A Buffer is sent as it is; the schema only documents it.
          .send(Buffer.from(pdf) as unknown as string)
      );
    },
  );
};
