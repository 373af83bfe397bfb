import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import type { Certificate } from '../../../shared/schemas/certificates.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { vaccinationRecord } from '../doses/doses.service.ts';
import * as households from '../households/households.service.ts';
import { requireInScope } from '../people/people.service.ts';
import {
  CertificateWithheldError,
  certifiedData,
  type IssueContext,
  issueFor,
  NoSigningKeyError,
  qrTexts,
  revokeIssued,
} from './certificates.service.ts';
import { icaoTransliterate, splitVietnameseName, uvciHash } from './dcc-content.ts';

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

export async function memberCertificate(ctx: IssueContext, actor: CitizenActor, personId: string) {
  await households.requireMember(ctx.db, actor, personId);
  return certificateOf(ctx, personId);
}

export async function staffCertificate(ctx: IssueContext, actor: StaffActor, personId: string) {
  await requireInScope(ctx.db, personId, actor.scope);
  const certificate = await certificateOf(ctx, personId);
  await audit.record(ctx.db, audit.auditActorOf(actor), 'certificate.read', {
    personId,
    recordType: 'certificate',
    recordId: certificate.uvci,
  });
  return certificate;
}

/** Revokes a UVCI (ours or any other listed by an administrator); audited. */
export async function revokeUvci(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { uvci: string; reason: 'key_compromise' | 'issued_in_error' | 'fraud' | 'other' },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('certificate_revocation')
      .select('uvci')
      .where('uvci', '=', input.uvci)
      .executeTakeFirst();
    if (existing)
      throw new AppError('already_revoked', 409, 'certificate.already_revoked', [], { uvci: input.uvci });
    const issued = await trx
      .selectFrom('issued_certificate')
      .select(['id', 'uvci', 'kid', 'shc_rid', 'person_id'])
      .where('uvci', '=', input.uvci)
      .executeTakeFirst();
    if (issued) await revokeIssued(trx, issued, input.reason, now, actor.staffId);
    else
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
