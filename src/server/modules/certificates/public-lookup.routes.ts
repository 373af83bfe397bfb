import type { FastifyInstance } from 'fastify';
import { certificateLookup as api } from '../../../shared/contracts/certificate-lookup.ts';
import { LOOKUP_TOKEN_HEADER } from '../../../shared/schemas/certificate-lookup.ts';
import { mount } from '../../http/mount.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  certificateByToken,
  type LookupContext,
  reissueByToken,
  startLookup,
  verifyLookup,
} from './public-lookup.service.ts';

const TEN_MINUTES = 10 * 60_000;

/**
 * The public certificate lookup (no account): details → a code by SMS → the certificate and a token
 * for its PDF. Per-address limits here (in the database, per route); the per-phone limit is the service's.
 */
export async function publicLookupRoutes(app: FastifyInstance) {
  const ctx = (): LookupContext => ({
    issue: app.certificateContext(),
    secret: app.secret,
    sms: app.sms,
    log: app.log,
  });
  const few = { rateLimit: { max: 10, timeWindow: TEN_MINUTES } };
  const some = { rateLimit: { max: 30, timeWindow: TEN_MINUTES } };

  mount(app, api.start, ({ body }, request) => startLookup(ctx(), body, request.ip), few);
  mount(
    app,
    api.verify,
    ({ params, body }, request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyLookup(ctx(), params.lookupId, body.code, request.ip);
    },
    some,
  );
  mount(
    app,
    api.reissue,
    ({ headers }, request, reply) => {
      reply.header('cache-control', 'no-store');
      return reissueByToken(ctx(), headers[LOOKUP_TOKEN_HEADER], request.ip);
    },
    some,
  );
  mount(
    app,
    api.pdf,
    async ({ query, headers }, request, reply) => {
      const certificate = await certificateByToken(ctx(), headers[LOOKUP_TOKEN_HEADER], request.ip);
      const pdf = await certificatePdf(certificate, query);
      reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="sskdt-certificate-${query.size}.pdf"`)
        .header('cache-control', 'no-store');
      return Buffer.from(pdf);
    },
    some,
  );
}
