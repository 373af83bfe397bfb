import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

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
