import { vietnamDate } from '../../../shared/format.ts';
import type { Certificate, Passport, RevokedPassport } from '../../../shared/schemas/certificates.ts';
import { AppError } from '../../app-error.ts';
import type { CitizenActor, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { vaccinationRecord } from '../doses/doses.service.ts';
import * as households from '../households/households.service.ts';
import { requireInScope } from '../people/people.service.ts';
import { currentCertificate, latestCertificate } from './certificates.repository.ts';
import {
  CertificateWithheldError,
  certifiedData,
  type IssueContext,
  issueFor,
  NoSigningKeyError,
  qrTexts,
  withheld,
} from './certificates.service.ts';
import { contentHash, icaoTransliterate, splitVietnameseName } from './dcc-content.ts';

/**
 * What a person's certificate looks like to whoever may see it (the household's citizen, staff in
 * scope, audited; the public lookup): the current certificate, issued on demand, or the state of a
 * revoked one, and a new one after a revocation where the rules allow it.
 */

/** A person's certificate, issued on demand (the callers decide who may see it). */
export async function certificateOf(ctx: IssueContext, personId: string): Promise<Certificate> {
  let outcome: Awaited<ReturnType<typeof issueFor>>;
  try {
    outcome = await issueFor(ctx, personId);
  } catch (error) {
    if (error instanceof NoSigningKeyError) throw new AppError('no_signing_key', 409, 'certificate.no_key');
    if (error instanceof CertificateWithheldError)
      throw new AppError('certificate_withheld', 409, 'certificate.withheld');
    throw error;
  }
  if (!outcome) throw new AppError('no_doses', 404, 'certificate.no_doses');
  const data = await certifiedData(ctx.db, personId);
  if (!data) throw AppError.notFound('person.not_found');
  const { status } = await vaccinationRecord(ctx.db, personId, vietnamDate(ctx.now));
  const row = outcome.certificate;
  const { family, given } = splitVietnameseName(data.person.fullName);
  return {
    state: 'issued',
    uvci: row.uvci,
    issuedAt: new Date(row.issued_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    issuer: ctx.settings.issuerName,
    ...qrTexts(row),
    holder: {
      fullName: data.person.fullName,
      birthDate: data.person.birthDate,
      familyNameIcao: icaoTransliterate(family),
      givenNameIcao: given ? icaoTransliterate(given) : null,
    },
    doses: data.doses.map((d) => ({
      doseNumber: d.doseNumber,
      date: d.givenOn,
      vaccineCode: d.vaccineCode,
      product: d.productName,
      manufacturer: d.manufacturer,
      country: d.country,
    })),
    status,
  };
}

/**
 * The state of a person's revoked certificate, when their latest certificate was revoked and nothing
 * current replaced it; null otherwise (a current certificate, none ever issued, or one the system
 * replaced — superseded — while doses remain to certify: the next view issues the new one).
 *
 * A certificate revoked by staff is not signed again by simply opening the passport: the holder sees
 * why and asks for a new one (`reissueCertificate`), which the rules allow unless it was revoked for
 * fraud or as issued in error and the record is still what that certificate held (`withheld`), or no
 * recorded dose is left.
 */
export async function revokedState(ctx: IssueContext, personId: string): Promise<RevokedPassport | null> {
  if (await currentCertificate(ctx.db, personId)) return null;
  const last = await latestCertificate(ctx.db, personId);
  if (!last?.reason || !last.revokedAt) return null;
  const data = await certifiedData(ctx.db, personId);
  const doses = data?.doses ?? [];
  if (last.reason === 'superseded' && doses.length > 0) return null;
  const blockedBy =
    !data || doses.length === 0
      ? ('no_doses' as const)
      : (await withheld(ctx.db, personId, contentHash(data.person, data.doses)))
        ? ('record_unchanged' as const)
        : null;
  return {
    state: 'revoked',
    uvci: last.uvci,
    reason: last.reason,
    revokedAt: new Date(last.revokedAt).toISOString(),
    canReissue: blockedBy === null,
    blockedBy,
    contact: doses.findLast((d) => d.facilityName)?.facilityName ?? null,
  };
}

/** What the holder sees: the current certificate (issued on demand), or the state of a revoked one. */
export async function passportOf(ctx: IssueContext, personId: string): Promise<Passport> {
  return (await revokedState(ctx, personId)) ?? certificateOf(ctx, personId);
}

/** A certificate that cannot be used (revoked): no PDF of it. */
export async function usableCertificateOf(ctx: IssueContext, personId: string): Promise<Certificate> {
  const passport = await passportOf(ctx, personId);
  if (passport.state === 'revoked')
    throw new AppError('certificate_revoked', 409, 'certificate.revoked', [], { uvci: passport.uvci });
  return passport;
}

/**
 * Issues a new certificate after a revocation, where the rules allow it (see `revokedState`); with a
 * current certificate already (a second press), answers it. 409 `certificate_withheld` or 404
 * `no_doses` otherwise.
 */
export async function reissueCertificate(ctx: IssueContext, personId: string): Promise<Certificate> {
  const revoked = await revokedState(ctx, personId);
  if (revoked?.blockedBy === 'no_doses') throw new AppError('no_doses', 404, 'certificate.no_doses');
  if (revoked?.blockedBy === 'record_unchanged')
    throw new AppError('certificate_withheld', 409, 'certificate.withheld');
  try {
    return await certificateOf(ctx, personId);
  } catch (error) {
    // Two presses at once: the unique current certificate was issued by the other one.
    if (await currentCertificate(ctx.db, personId)) return certificateOf(ctx, personId);
    throw error;
  }
}

export async function memberCertificate(ctx: IssueContext, actor: CitizenActor, personId: string) {
  await households.requireMember(ctx.db, actor, personId);
  return passportOf(ctx, personId);
}

export async function memberCertificatePdfSource(ctx: IssueContext, actor: CitizenActor, personId: string) {
  await households.requireMember(ctx.db, actor, personId);
  return usableCertificateOf(ctx, personId);
}

export async function memberReissue(ctx: IssueContext, actor: CitizenActor, personId: string) {
  await households.requireMember(ctx.db, actor, personId);
  const certificate = await reissueCertificate(ctx, personId);
  await audit.record(ctx.db, audit.auditActorOf(actor), 'certificate.reissue', {
    personId,
    recordType: 'certificate',
    recordId: certificate.uvci,
  });
  return certificate;
}

export async function staffCertificate(ctx: IssueContext, actor: StaffActor, personId: string) {
  await requireInScope(ctx.db, personId, actor.scope);
  // As the holder sees it: a revoked certificate is not signed again by a staff member's read.
  const certificate = await passportOf(ctx, personId);
  await audit.record(ctx.db, audit.auditActorOf(actor), 'certificate.read', {
    personId,
    recordType: 'certificate',
    recordId: certificate.uvci,
  });
  return certificate;
}
