import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
} from '../../../shared/schemas/certificates.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { problemResponses, problemSchema } from '../../../shared/schemas/problem.ts';
import { AppError, type FieldError } from '../../app-error.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  findByUvci,
  listRevocations,
  memberCertificate,
  memberCertificatePdfSource,
  memberReissue,
  revokeUvci,
  staffCertificate,
} from './certificates.access.ts';
import { type CertificateSettings, certificateSettings, type IssueContext } from './certificates.service.ts';
import { keySealer, missingKeySealer } from './key-seal.ts';
import { publishedKeys } from './keys.service.ts';
import { localTrustRewriter, writeLocalTrust } from './local-trust.ts';
import { publicLookupRoutes } from './public-lookup.routes.ts';
import {
  dccRevocationList,
  dccTrustList,
  jwks,
  revokedUvciHashes,
  shcCrl,
  shcCrlVersions,
} from './publish.ts';
import { planCertificateReissues } from './reissue-planner.ts';

export interface CertificateOptions {
  /** The secret sealing private keys (see key-seal.ts); null: none configured; random when not given (tests). */
  keySecret?: string | null;
  settings?: Partial<CertificateSettings>;
  /** Where the local trust files are rewritten after a revocation (`sskdt verify` reads them). */
  dataDir?: string;
}

const errors = { ...problemResponses };

function pdfInputErrors(params: unknown, query: unknown) {
  const fields: FieldError[] = [];
  for (const [schema, value, where] of [
    [memberParams, params, 'params'],
    [certificatePdfQuery, query, 'querystring'],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        fields.push({ field: issue.path.join('.') || '(root)', in: where, code: 'field.invalid_format' });
  }
  return AppError.validation(fields);
}
const staffParams = z.object({ id: z.uuid() });
const pdfResponse = z.string().describe('application/pdf');
const json = z.record(z.string(), z.unknown());

/**
 * Certificates: decorates the app with the issuance context (keys opened once), registers the routes,
 * and with `reissueIntervalMs` runs the re-issue pass on a timer (`sskdt serve`; tests call it directly).
 */
export async function registerCertificates(
  app: FastifyInstance,
  options: CertificateOptions & { reissueIntervalMs?: number } = {},
) {
  const sealer =
    options.keySecret === null
      ? missingKeySealer()
      : keySealer(options.keySecret ?? randomBytes(32).toString('hex'));
  const settings = { ...certificateSettings(), ...options.settings };
  // `sskdt verify` without --trust reads the local trust files: a superseded certificate's UVCI and
  // SHC rid reach them as an officer's revocation does.
  const { dataDir } = options;
  const rewriter = dataDir
    ? localTrustRewriter(
        () => writeLocalTrust(app.db, dataDir, app.clock()),
        (error) => app.log.warn({ err: error }, 'local trust files not rewritten'),
      )
    : undefined;
  const onRevoked = rewriter ? () => rewriter.schedule() : undefined;
  if (rewriter) app.addHook('onClose', () => rewriter.idle());
  app.decorate(
    'certificateContext',
    (): IssueContext => ({ db: app.db, sealer, settings, now: app.clock(), onRevoked }),
  );
  await app.register(certificatesRoutes, options);
  await app.register(publicLookupRoutes);
  const every = options.reissueIntervalMs;
  if (every) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        running ??= planCertificateReissues(app.certificateContext())
          .catch((error) => app.log.warn({ err: error }, 'certificate re-issue pass failed'))
          .finally(() => {
            running = undefined;
          });
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  }
}

const certificatesRoutes: FastifyPluginAsyncZod<CertificateOptions> = async (app, options) => {
  const ctx = () => app.certificateContext();

  app.get(
    '/api/me/household/members/:personId/certificate',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['certificates'],
        summary:
          "A member's vaccination certificate (state `issued`: EU DCC and SMART Health Card QR texts, status card), or the state of a revoked one (`revoked`: reason, date, whether a new one can be issued now)",
        params: memberParams,
        response: { 200: passportSchema, ...errors },
      },
    },
    (request) => memberCertificate(ctx(), citizenOf(request), request.params.personId),
  );

  app.post(
    '/api/me/household/members/:personId/certificate',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['certificates'],
        summary:
          "Issue a member's new certificate after a revocation, where the rules allow it (409 certificate_withheld otherwise); a current certificate is answered as it is",
        params: memberParams,
        response: { 200: certificateSchema, ...errors },
      },
    },
    (request) => memberReissue(ctx(), citizenOf(request), request.params.personId),
  );

  app.get(
    '/api/me/household/members/:personId/certificate.pdf',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['certificates'],
        summary: "A member's printable certificate (PDF, A4 or wallet size, Vietnamese or English)",
        params: memberParams,
        querystring: certificatePdfQuery,
        response: { 200: pdfResponse, ...errors },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      // Bad params and bad query are reported together (Fastify would stop at the params).
      if (request.validationError) throw pdfInputErrors(request.params, request.query);
      const certificate = await memberCertificatePdfSource(
        ctx(),
        citizenOf(request),
        request.params.personId,
      );
      const pdf = await certificatePdf(certificate, request.query);
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="sskdt-certificate-${request.query.size}.pdf"`)
          .header('cache-control', 'no-store')
          // A Buffer is sent as it is (Fastify serializes no Buffer); the schema only documents it.
          .send(Buffer.from(pdf) as unknown as string)
      );
    },
  );

  app.get(
    '/api/staff/people/:id/certificate',
    {
      config: { policy: 'staff:certificates.read' },
      schema: {
        tags: ['certificates'],
        summary:
          "A person's vaccination certificate, or the state of a revoked one, as the holder sees it (the read is audited)",
        params: staffParams,
        response: { 200: passportSchema, ...errors },
      },
    },
    (request) => staffCertificate(ctx(), staffOf(request), request.params.id),
  );

  app.post(
    '/api/staff/certificates/revocations',
    {
      config: { policy: 'staff:certificates.revoke' },
      schema: {
        tags: ['certificates'],
        summary: 'Revoke a certificate by UVCI with a reason (published in the revocation lists; audited)',
        body: revocationBody,
        response: { 201: revocationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const revoked = await revokeUvci(app.db, staffOf(request), request.body, app.clock());
      if (options.dataDir) await writeLocalTrust(app.db, options.dataDir, app.clock());
      return reply.code(201).send(revoked);
    },
  );

  app.get(
    '/api/staff/certificates/revocations',
    {
      config: { policy: 'staff:certificates.revoke' },
      schema: {
        tags: ['certificates'],
        summary: 'Revocations within reach (national staff: all, also UVCIs not issued here), newest first',
        querystring: revocationListQuery,
        response: { 200: revocationListSchema, ...errors },
      },
    },
    (request) => listRevocations(app.db, staffOf(request), request.query),
  );

  app.get(
    '/api/staff/certificates/:uvci',
    {
      config: { policy: 'staff:certificates.read' },
      schema: {
        tags: ['certificates'],
        summary: 'A certificate by its UVCI, when its holder is within reach (the read is audited)',
        params: uvciParams,
        response: { 200: staffCertificateLookupSchema, ...errors },
      },
    },
    (request) => findByUvci(app.db, staffOf(request), request.params.uvci),
  );

  // Published lists, at stable URLs (no sign-in: verifiers fetch them).
  const wellKnown = { config: { policy: 'public' as const } };
  app.get(
    '/.well-known/sskdt/dcc-trust-list.json',
    {
      ...wellKnown,
      schema: {
        tags: ['certificates'],
        summary: 'EU DCC document signer trust list',
        response: { 200: json },
      },
    },
    async (_request, reply) => {
      const now = app.clock();
      reply.header('cache-control', 'public, max-age=300');
      return dccTrustList(await publishedKeys(app.db, now), await revokedUvciHashes(app.db), now);
    },
  );
  app.get(
    '/.well-known/jwks.json',
    {
      ...wellKnown,
      schema: {
        tags: ['certificates'],
        summary: 'SMART Health Card issuer keys (JWKS)',
        response: { 200: json },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      return jwks(await publishedKeys(app.db, app.clock()), { crlVersions: await shcCrlVersions(app.db) });
    },
  );
  app.get(
    '/.well-known/sskdt/dcc-revocations.json',
    {
      ...wellKnown,
      schema: { tags: ['certificates'], summary: 'Revoked EU DCC UVCIs (hashed)', response: { 200: json } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return dccRevocationList(app.db, app.clock());
    },
  );
  app.get(
    '/.well-known/crl/:kid',
    {
      ...wellKnown,
      schema: {
        tags: ['certificates'],
        summary: 'SMART Health Card revocation list of one key (`<kid>.json`)',
        params: z.object({ kid: z.string().regex(/^[A-Za-z0-9_-]{43}\.json$/) }),
        response: { 200: json, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const crl = await shcCrl(app.db, request.params.kid.slice(0, -5));
      if (!crl) return reply.callNotFound();
      reply.header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*');
      return crl;
    },
  );
};

declare module 'fastify' {
  interface FastifyInstance {
    /** What issuance needs (database, opened keys, settings, clock): planners and the bench use it. */
    certificateContext: () => IssueContext;
  }
}
