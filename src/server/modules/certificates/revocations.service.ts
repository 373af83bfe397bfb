import type { Kysely } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { isNational, personsInReach, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { scheduleCertificateRevoked } from '../notifications/outbox.service.ts';
import { revokeIssued } from './certificates.repository.ts';
import { uvciHash } from './dcc-content.ts';
import * as repo from './revocations.repository.ts';

/**
 * Revocations by staff: a certificate found by its UVCI, revoked with a reason (published in the
 * revocation lists, the household told), and the list of revocations, each within the staff member's
 * reach.
 */

/** Revocation reasons staff may give (superseded is the system's own). */
export type RevocationReason = 'key_compromise' | 'issued_in_error' | 'fraud' | 'other';

/**
 * An issued certificate by UVCI, when its person is within the reader's reach; a UVCI not issued here,
 * or of a person outside reach, is the same 404 (UVCIs are printed on every QR: no oracle).
 */
async function issuedInReach(db: Kysely<DB>, actor: StaffActor, uvci: string) {
  const issued = await repo.issuedByUvci(db, uvci);
  if (issued && (await personsInReach(db, actor.scope, [issued.person_id])).has(issued.person_id))
    return issued;
  return null;
}

const notFound = () => AppError.notFound('certificate.not_found');

/** A certificate found by its UVCI, with its holder and revocation, for staff whose reach covers it. */
export async function findByUvci(db: Kysely<DB>, actor: StaffActor, uvci: string) {
  const issued = await issuedInReach(db, actor, uvci);
  if (!issued) throw notFound();
  const person = await repo.holderOf(db, issued.person_id);
  const revocation = await repo.revocationOf(db, uvci);
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
    const issuedAnywhere = await repo.issuedByUvci(trx, input.uvci);
    const issued = issuedAnywhere ? await issuedInReach(trx, actor, input.uvci) : null;
    if (issuedAnywhere ? !issued : !isNational(actor.scope)) throw notFound();
    const existing = await repo.revocationOf(trx, input.uvci);
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
      await repo.insertForeignRevocation(trx, {
        uvci: input.uvci,
        uvci_hash: uvciHash(input.uvci),
        reason: input.reason,
        revoked_by: actor.staffId,
        revoked_at: now,
      });
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
  const { rows, total } = await repo.revocationPage(db, isNational(actor.scope) ? null : actor.scope, query);
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
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
