import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Storage of the signing keys (`certificate_key`): the CSCA and the document signers (DSC). */

type KeyRow = Insertable<DB['certificate_key']>;

/** The kid of a key of this role, if any. */
export function anyKey(db: Kysely<DB>, role: 'csca' | 'dsc') {
  return db.selectFrom('certificate_key').select('kid').where('role', '=', role).executeTakeFirst();
}

/** The newest CSCA with its (maybe sealed) private key. */
export function latestCsca(db: Kysely<DB>) {
  return db
    .selectFrom('certificate_key')
    .selectAll()
    .where('role', '=', 'csca')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function insertKey(db: Kysely<DB>, row: KeyRow) {
  await db.insertInto('certificate_key').values(row).execute();
}

/** Stores a new DSC; the ones before it stop signing (retired) but stay published. One transaction. */
export async function replaceDsc(db: Kysely<DB>, row: KeyRow, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('certificate_key')
      .set({ retired_at: now })
      .where('role', '=', 'dsc')
      .where('retired_at', 'is', null)
      .execute();
    await insertKey(trx, row);
  });
}

/** How many keys hold a sealed private key. */
export async function countSealedKeys(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('certificate_key')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('private_key', 'is not', null), eb('shc_private_key', 'is not', null)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest DSC that is not retired and valid at `now`. */
export function signingDsc(db: Kysely<DB>, now: Date) {
  return db
    .selectFrom('certificate_key')
    .selectAll()
    .where('role', '=', 'dsc')
    .where('retired_at', 'is', null)
    .where('not_before', '<=', now)
    .where('not_after', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Every key still valid after `notAfter` (CSCAs first, oldest first), without private keys. */
export function keysValidAfter(db: Kysely<DB>, notAfter: Date) {
  return db
    .selectFrom('certificate_key')
    .select(['kid', 'role', 'alg', 'certificate', 'shc_kid', 'shc_jwk', 'not_before', 'not_after'])
    .where('not_after', '>', notAfter)
    .orderBy('role')
    .orderBy('created_at')
    .execute();
}
