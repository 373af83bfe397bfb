import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import type { Certificate, Passport, RevokedPassport } from '../../../shared/schemas/certificates.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import {
  type CitizenActor,
  isNational,
  personInReach,
  personsInReach,
  type StaffActor,
} from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { vaccinationRecord } from '../doses/doses.service.ts';
import * as households from '../households/households.service.ts';
import { scheduleCertificateRevoked } from '../notifications/outbox.service.ts';
import { requireInScope } from '../people/people.service.ts';
import { latestCertificate } from './certificates.repository.ts';
import {
  CertificateWithheldError,
  certifiedData,
  currentCertificate,
  type IssueContext,
  issueFor,
  NoSigningKeyError,
  qrTexts,
  revokeIssued,
  withheld,
} from './certificates.service.ts';
import { contentHash, icaoTransliterate, splitVietnameseName, uvciHash } from './dcc-content.ts';

/** Who may see or revoke which certificate: the household's citizen, staff in scope (audited), managers. */

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

/** Revocation reasons staff may give (superseded is the system's own). */
export type RevocationReason = 'key_compromise' | 'issued_in_error' | 'fraud' | 'other';

/**
 * An issued certificate by UVCI, when its person is within the reader's reach; a UVCI not issued here,
 * or of a person outside reach, is the same 404 (UVCIs are printed on every QR: no oracle).
 */
async function issuedInReach(db: Kysely<DB>, actor: StaffActor, uvci: string) {
  const issued = await db
    .selectFrom('issued_certificate')
    .select(['id', 'uvci', 'kid', 'shc_rid', 'person_id', 'issued_at', 'expires_at', 'revoked_at'])
    .where('uvci', '=', uvci)
    .executeTakeFirst();
  if (issued && (await personsInReach(db, actor.scope, [issued.person_id])).has(issued.person_id))
    return issued;
  return null;
}

const notFound = () => AppError.notFound('certificate.not_found');

/** A certificate found by its UVCI, with its holder and revocation, for staff whose reach covers it. */
export async function findByUvci(db: Kysely<DB>, actor: StaffActor, uvci: string) {
  const issued = await issuedInReach(db, actor, uvci);
  if (!issued) throw notFound();
  const person = await db
    .selectFrom('person')
    .select(['full_name', 'birth_date'])
    .where('id', '=', issued.person_id)
    .executeTakeFirstOrThrow();
  const revocation = await db
    .selectFrom('certificate_revocation')
    .select(['reason', 'revoked_at'])
    .where('uvci', '=', uvci)
    .executeTakeFirst();
  await audit.record(db, audit.auditActorOf(actor), 'certificate.read', {
    personId: issued.person_id,
    recordType: 'certificate',
    recordId: uvci,
  });
  return {
    uvci,
    personId: issued.person_id,
    fullName: person.full_name,
    birthDate: person.birth_date,
    issuedAt: new Date(issued.issued_at).toISOString(),
    expiresAt: new Date(issued.expires_at).toISOString(),
    revocation: revocation
      ? { reason: revocation.reason, revokedAt: new Date(revocation.revoked_at).toISOString() }
      : null,
  };
}

/**
 * Revokes a UVCI, within the revoker's reach: a certificate of a person they reach (the person's
 * unit), or — national staff only — a UVCI not issued here (another issuer's, listed by an
 * administrator). Anything else is 404, as for an unknown UVCI. Audited.
 */
export async function revokeUvci(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { uvci: string; reason: RevocationReason },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const issuedAnywhere = await trx
      .selectFrom('issued_certificate')
      .select('id')
      .where('uvci', '=', input.uvci)
      .executeTakeFirst();
    const issued = issuedAnywhere ? await issuedInReach(trx, actor, input.uvci) : null;
    if (issuedAnywhere ? !issued : !isNational(actor.scope)) throw notFound();
    const existing = await trx
      .selectFrom('certificate_revocation')
      .select('uvci')
      .where('uvci', '=', input.uvci)
      .executeTakeFirst();
    if (existing)
      throw new AppError('already_revoked', 409, 'certificate.already_revoked', [], { uvci: input.uvci });
    if (issued) {
      await revokeIssued(trx, issued, input.reason, now, actor.staffId);
      // The household hears of it in this transaction (an outbox row), once per revocation.
      await scheduleCertificateRevoked(trx, {
        personId: issued.person_id,
        uvci: input.uvci,
        reason: input.reason,
        now,
      });
    } else
      await trx
        .insertInto('certificate_revocation')
        .values({
          uvci: input.uvci,
          uvci_hash: uvciHash(input.uvci),
          reason: input.reason,
          revoked_by: actor.staffId,
          revoked_at: now,
        })
        .execute();
    await audit.record(trx, audit.auditActorOf(actor), 'certificate.revoke', {
      personId: issued?.person_id ?? null,
      recordType: 'certificate',
      recordId: input.uvci,
      details: { reason: input.reason },
    });
    return {
      uvci: input.uvci,
      uvciHash: uvciHash(input.uvci),
      reason: input.reason,
      revokedAt: now.toISOString(),
      issuedHere: !!issued,
    };
  });
}

/**
 * The revocations a staff member may see, newest first: of certificates of persons within reach, and
 * (national staff) of UVCIs not issued here. Replacements (superseded) are left out unless asked for.
 */
export async function listRevocations(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { page: number; pageSize: number; includeSuperseded: boolean },
) {
  const national = isNational(actor.scope);
  const base = db
    .selectFrom('certificate_revocation as r')
    .leftJoin('issued_certificate as c', 'c.uvci', 'r.uvci')
    .leftJoin('person as p', 'p.id', 'c.person_id')
    .leftJoin('staff_user as s', 's.id', 'r.revoked_by')
    .$if(!query.includeSuperseded, (q) => q.where('r.reason', '!=', 'superseded'))
    // The reach condition is over `person as p` (joined here through the certificate).
    .$if(!national, (q) => q.where('c.id', 'is not', null).where(personInReach(actor.scope) as never));
  const rows = await base
    .select([
      'r.uvci',
      'r.uvci_hash',
      'r.reason',
      'r.revoked_at',
      'c.person_id',
      'p.full_name',
      's.display_name',
    ])
    .orderBy('r.revoked_at', 'desc')
    .orderBy('r.uvci')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      uvci: r.uvci,
      uvciHash: r.uvci_hash,
      reason: r.reason,
      revokedAt: new Date(r.revoked_at).toISOString(),
      issuedHere: r.person_id !== null,
      personId: r.person_id,
      fullName: r.full_name,
      revokedBy: r.display_name,
    })),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}
