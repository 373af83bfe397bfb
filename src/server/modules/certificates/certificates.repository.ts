import { type Kysely, sql } from 'kysely';
import type { DB, RevocationReason } from '../../db/schema.ts';
import { uvciHash } from './dcc-content.ts';

/** Storage of issued certificates (`issued_certificate`) and what issuance reads to sign one. */

/** The person a certificate certifies (not merged away), or undefined. */
export function personToCertify(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('person')
    .select(['full_name', sql<string>`birth_date::text`.as('birth_date')])
    .where('id', '=', personId)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
}

/** The person's recorded doses with their products and facilities, oldest first. */
export function dosesToCertify(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('dose as d')
    .innerJoin('vaccine_product as v', 'v.code', 'd.vaccine_code')
    .leftJoin('facility as f', 'f.id', 'd.facility_id')
    .select([
      'd.id',
      'd.vaccine_code',
      'd.dose_number',
      sql<string>`d.given_on::text`.as('given_on'),
      'd.country',
      'd.lot_number',
      'v.brand',
      'v.manufacturer',
      'v.eu_mp',
      'v.eu_ma',
      'v.eu_vp',
      'v.doses_in_series',
      'f.name as facility_name',
    ])
    .where('d.person_id', '=', personId)
    .where('d.status', '=', 'recorded')
    .orderBy('d.given_at')
    .orderBy('d.dose_number')
    .execute();
}

export type IssuedRow = Awaited<ReturnType<typeof currentCertificate>>;

/** The person's current certificate (not replaced or revoked), or undefined. */
export function currentCertificate(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('issued_certificate')
    .selectAll()
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The person's latest certificate with its revocation (null when never revoked: current, or simply
 * replaced on expiry), or undefined when none was ever issued.
 */
export function latestCertificate(db: Kysely<DB>, personId: string) {
  return (
    db
      .selectFrom('issued_certificate as c')
      .leftJoin('certificate_revocation as r', 'r.uvci', 'c.uvci')
      .select(['c.uvci', 'c.revoked_at as replacedAt', 'r.reason', 'r.revoked_at as revokedAt'])
      .where('c.person_id', '=', personId)
      // The last one written (the database's clock: `issued_at` is the application's, equal for
      // certificates issued in one instant, as tests with a fixed clock do).
      .orderBy('c.created_at', 'desc')
      .orderBy('c.issued_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(1)
      .executeTakeFirst()
  );
}

/** Marks a certificate replaced and lists its UVCI (and SHC rid, under its key's SHC kid) as revoked. */
export async function revokeIssued(
  db: Kysely<DB>,
  row: { id: string; uvci: string; kid: string; shc_rid: string },
  reason: RevocationReason,
  now: Date,
  staffId: string | null = null,
) {
  const key = await db
    .selectFrom('certificate_key')
    .select('shc_kid')
    .where('kid', '=', row.kid)
    .executeTakeFirst();
  await markReplaced(db, row.id, now);
  await db
    .insertInto('certificate_revocation')
    .values({
      uvci: row.uvci,
      uvci_hash: uvciHash(row.uvci),
      shc_kid: key?.shc_kid ?? null,
      shc_rid: row.shc_rid,
      reason,
      revoked_by: staffId,
      revoked_at: now,
    })
    .onConflict((oc) => oc.column('uvci').doNothing())
    .execute();
}

/** Marks a certificate no longer current (replaced on expiry, or revoked with `revokeIssued`). */
export async function markReplaced(db: Kysely<DB>, id: string, now: Date) {
  await db.updateTable('issued_certificate').set({ revoked_at: now }).where('id', '=', id).execute();
}

/** Notes that a current certificate was checked and still certifies the record. */
export async function markChecked(db: Kysely<DB>, id: string, now: Date) {
  await db.updateTable('issued_certificate').set({ checked_at: now }).where('id', '=', id).execute();
}

/** Whether a certificate with this content was revoked for fraud or as issued in error. */
export async function revokedForCause(db: Kysely<DB>, personId: string, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('issued_certificate as c')
    .innerJoin('certificate_revocation as r', 'r.uvci', 'c.uvci')
    .select('c.id')
    .where('c.person_id', '=', personId)
    .where('c.content_hash', '=', hash)
    .where('r.reason', 'in', ['fraud', 'issued_in_error'])
    .executeTakeFirst();
  return !!row;
}

export function insertIssued(
  db: Kysely<DB>,
  values: {
    uvci: string;
    person_id: string;
    dose_ids: string[];
    content_hash: string;
    kid: string;
    eu_dcc: string;
    shc: string;
    shc_rid: string;
    issued_at: Date;
    expires_at: Date;
    checked_at: Date;
  },
) {
  return db
    .insertInto('issued_certificate')
    .values({ ...values, dose_ids: JSON.stringify(values.dose_ids) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The database's clock (doses take `recorded_at` from it). */
export async function databaseNow(db: Kysely<DB>): Promise<Date> {
  const clock = await sql<{ now: Date }>`select now() as now`.execute(db);
  return new Date(clock.rows[0].now);
}

/**
 * A batch of current certificates (by id, after `after`) whose content may have changed: a dose
 * recorded that they do not list, a dose they list voided, the person updated after the last check or
 * merged away. With `since`, only people changed since then (their doses, record or merges).
 */
export function staleCertificates(db: Kysely<DB>, after: string, since: Date | null, batch: number) {
  return db
    .selectFrom('issued_certificate as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select(['c.id', 'c.person_id'])
    .where('c.revoked_at', 'is', null)
    .where('c.id', '>', after)
    .$if(since !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('p.updated_at', '>', since as Date),
          eb(
            'c.person_id',
            'in',
            eb
              .selectFrom('dose as d')
              .select('d.person_id')
              .where((w) =>
                w.or([w('d.recorded_at', '>', since as Date), w('d.voided_at', '>', since as Date)]),
              ),
          ),
          eb(
            'c.person_id',
            'in',
            eb
              .selectFrom('person as m')
              .select('m.merged_into')
              .where('m.merged_into', 'is not', null)
              .where('m.updated_at', '>', since as Date),
          ),
        ]),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('p.updated_at', '>', eb.ref('c.checked_at')),
        eb('p.merged_into', 'is not', null),
        eb.exists(
          eb
            .selectFrom('dose as d')
            .select(sql`1`.as('one'))
            .whereRef('d.person_id', '=', 'c.person_id')
            .where(sql<boolean>`(d.status = 'recorded') <> (c.dose_ids @> jsonb_build_array(d.id::text))`),
        ),
      ]),
    )
    .orderBy('c.id')
    .limit(batch)
    .execute();
}
