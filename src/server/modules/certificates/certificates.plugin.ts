import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { keySealer, missingKeySealer } from '../../key-seal.ts';
import { certificatesRoutes } from './certificates.routes.ts';
import { type CertificateSettings, certificateSettings, type IssueContext } from './certificates.service.ts';
import { localTrustRewriter, writeLocalTrust } from './local-trust.ts';
import { publicLookupRoutes } from './public-lookup.routes.ts';
import { registerCertificateReissue } from './reissue-task.ts';

export interface CertificateOptions {
  /** The secret sealing private keys (see key-seal.ts); null: none configured; random when not given (tests). */
  keySecret?: string | null;
  settings?: Partial<CertificateSettings>;
  /** Where the local trust files are rewritten after a revocation (`sskdt verify` reads them). */
  dataDir?: string;
  /** Run the re-issue pass this often (`sskdt serve`); tests call `planCertificateReissues` directly. */
  reissueIntervalMs?: number;
}

/**
 * Certificates: decorates the app with the issuance context (keys opened once), registers the routes
 * (the module's and the public lookup's), and with `reissueIntervalMs` runs the re-issue pass.
 */
export async function registerCertificates(app: FastifyInstance, options: CertificateOptions = {}) {
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
  await app.register(certificatesRoutes, { dataDir });
  await app.register(publicLookupRoutes);
  registerCertificateReissue(app, options.reissueIntervalMs);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What issuance needs (database, opened keys, settings, clock): planners and the bench use it. */
    certificateContext: () => IssueContext;
  }
}
