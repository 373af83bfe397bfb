import type { Kysely } from 'kysely';
import type { DB, RevocationReason } from '../../db/schema.ts';
import { personInReach, type Scope } from '../../policy/index.ts';

/** Storage of revocations (`certificate_revocation`) and what the published revocation lists read. */

/** An issued certificate by its UVCI, or undefined. */
export function issuedByUvci(db: Kysely<DB>, uvci: string) {
  return db
    .selectFrom('issued_certificate')
    .select(['id', 'uvci', 'kid', 'shc_rid', 'person_id', 'issued_at', 'expires_at', 'revoked_at'])
    .where('uvci', '=', uvci)
    .executeTakeFirst();
}

/** The name and birth date a certificate's holder is shown with. */
export function holderOf(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('person')
    .select(['full_name', 'birth_date'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
}

/** The revocation of a UVCI, or undefined. */
export function revocationOf(db: Kysely<DB>, uvci: string) {
  return db
    .selectFrom('certificate_revocation')
    .select(['uvci', 'reason', 'revoked_at'])
    .where('uvci', '=', uvci)
    .executeTakeFirst();
}

/** Lists a UVCI not issued here (another issuer's) as revoked. */
export async function insertForeignRevocation(
  db: Kysely<DB>,
  values: { uvci: string; uvci_hash: string; reason: RevocationReason; revoked_by: string; revoked_at: Date },
) {
  await db.insertInto('certificate_revocation').values(values).execute();
}

/**
 * A page of revocations, newest first, with the total: with `scope`, only those of certificates of
 * persons within it (none of UVCIs not issued here); without, all.
 */
export async function revocationPage(
  db: Kysely<DB>,
  scope: Scope | null,
  query: { page: number; pageSize: number; includeSuperseded: boolean },
) {
  const base = db
    .selectFrom('certificate_revocation as r')
    .leftJoin('issued_certificate as c', 'c.uvci', 'r.uvci')
    .leftJoin('person as p', 'p.id', 'c.person_id')
    .leftJoin('staff_user as s', 's.id', 'r.revoked_by')
    .$if(!query.includeSuperseded, (q) => q.where('r.reason', '!=', 'superseded'))
    // The reach condition is over `person as p` (joined here through the certificate).
    .$if(scope !== null, (q) =>
      q.where('c.id', 'is not', null).where(personInReach(scope as Scope) as never),
    );
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
  return { rows, total: Number(total.n) };
}

/** Every revoked UVCI's hash, sorted (the EU DCC revocation list). */
export async function revokedUvciHashes(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('certificate_revocation')
    .select('uvci_hash')
    .orderBy('uvci_hash')
    .execute();
  return rows.map((r) => r.uvci_hash);
}

/** Whether an SHC key of this instance has this kid. */
export async function shcKeyExists(db: Kysely<DB>, shcKid: string): Promise<boolean> {
  const key = await db
    .selectFrom('certificate_key')
    .select('shc_kid')
    .where('shc_kid', '=', shcKid)
    .executeTakeFirst();
  return !!key;
}

/** The revoked SMART Health Card rids of one key, oldest revocation first. */
export async function revokedShcRids(db: Kysely<DB>, shcKid: string): Promise<string[]> {
  const rows = await db
    .selectFrom('certificate_revocation')
    .select('shc_rid')
    .where('shc_kid', '=', shcKid)
    .where('shc_rid', 'is not', null)
    .orderBy('revoked_at')
    .execute();
  return rows.map((r) => r.shc_rid as string);
}

/**
 * Every SHC key's CRL version: the number of rids it lists (revocations are never removed, so it only
 * grows; it is the CRL's `ctr`).
 */
export async function shcCrlVersions(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('certificate_revocation')
    .select(['shc_kid', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('shc_kid', 'is not', null)
    .where('shc_rid', 'is not', null)
    .groupBy('shc_kid')
    .execute();
  return new Map(rows.map((r) => [r.shc_kid as string, Number(r.n)]));
}
