import type { FastifyInstance, FastifyRequest } from 'fastify';
import { certificates as api } from '../../../shared/contracts/certificates.ts';
import { certificatePdfQuery } from '../../../shared/schemas/certificates.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { AppError, type FieldError } from '../../app-error.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { certificatePdf } from './certificate-pdf.ts';
import { writeLocalTrust } from './local-trust.ts';
import * as passports from './passports.service.ts';
import * as revocations from './revocations.service.ts';
import { dccRevocationList, publishedJwks, publishedTrustList, shcCrl } from './trust-lists.ts';

export interface CertificateRouteOptions {
  /** Where the local trust files are rewritten after a revocation (`sskdt verify` reads them). */
  dataDir?: string;
}

/** Bad params and bad query of the PDF route, reported together (Fastify would stop at the params). */
function pdfInputErrors(request: FastifyRequest) {
  const fields: FieldError[] = [];
  for (const [schema, value, where] of [
    [memberParams, request.params, 'params'],
    [certificatePdfQuery, request.query, 'querystring'],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        fields.push({ field: issue.path.join('.') || '(root)', in: where, code: 'field.invalid_format' });
  }
  return AppError.validation(fields);
}

/** Certificates: the member's and staff's reads, the PDF, re-issue, revocations, the published lists. */
export async function certificatesRoutes(app: FastifyInstance, options: CertificateRouteOptions) {
  const ctx = () => app.certificateContext();

  mount(app, api.memberCertificate, ({ params }, request) =>
    passports.memberCertificate(ctx(), citizenOf(request), params.personId),
  );
  mount(app, api.reissue, ({ params }, request) =>
    passports.memberReissue(ctx(), citizenOf(request), params.personId),
  );
  mount(
    app,
    api.pdf,
    async ({ params, query }, request, reply) => {
      if (request.validationError) throw pdfInputErrors(request);
      const certificate = await passports.memberCertificatePdfSource(
        ctx(),
        citizenOf(request),
        params.personId,
      );
      const pdf = await certificatePdf(certificate, query);
      reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="sskdt-certificate-${query.size}.pdf"`)
        .header('cache-control', 'no-store');
      return Buffer.from(pdf);
    },
    { attachValidation: true },
  );
  mount(app, api.staffCertificate, ({ params }, request) =>
    passports.staffCertificate(ctx(), staffOf(request), params.id),
  );
  mount(app, api.revoke, async ({ body }, request) => {
    const revoked = await revocations.revokeUvci(app.db, staffOf(request), body, app.clock());
    if (options.dataDir) await writeLocalTrust(app.db, options.dataDir, app.clock());
    return revoked;
  });
  mount(app, api.revocations, ({ query }, request) =>
    revocations.listRevocations(app.db, staffOf(request), query),
  );
  mount(app, api.byUvci, ({ params }, request) =>
    revocations.findByUvci(app.db, staffOf(request), params.uvci),
  );

  // Published lists, at stable URLs (no sign-in: verifiers fetch them).
  mount(app, api.trustList, async (_parts, _request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return publishedTrustList(app.db, app.clock());
  });
  mount(app, api.jwks, async (_parts, _request, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return publishedJwks(app.db, app.clock());
  });
  mount(app, api.revocationList, async (_parts, _request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return dccRevocationList(app.db, app.clock());
  });
  mount(app, api.crl, async ({ params }, _request, reply) => {
    const crl = await shcCrl(app.db, params.kid.slice(0, -5));
    if (!crl) {
      reply.callNotFound();
      return reply;
    }
    reply.header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*');
    return crl;
  });
}
