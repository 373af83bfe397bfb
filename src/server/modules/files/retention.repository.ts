import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** The moments before which a document photo's bytes may go. */
export interface PhotoCutoffs {
  /** Photos of requests decided (approved or rejected) before this. */
  decidedBefore: Date;
  /** Photos uploaded before this and attached to no request. */
  orphanBefore: Date;
}

/**
 * A photo may go when it still holds bytes, no request naming it is open or was decided after the
 * cutoff (a photo may be named by more than one request of its account), and either some request names
 * it (all of them decided long enough ago) or it was never attached and is older than the orphan cutoff.
 */
function purgeable(eb: ExpressionBuilder<DB, 'stored_file'>, cut: PhotoCutoffs) {
  const naming = () =>
    eb
      .selectFrom('correction_request as r')
      .select(sql<number>`1`.as('one'))
      .whereRef('r.document_id', '=', 'stored_file.id');
  return eb.and([
    eb('stored_file.purged_at', 'is', null),
    eb.not(
      eb.exists(
        naming().where((w) =>
          w.or([
            w('r.status', 'not in', ['approved', 'rejected']),
            w('r.decided_at', 'is', null),
            w('r.decided_at', '>=', cut.decidedBefore),
          ]),
        ),
      ),
    ),
    eb.or([eb.exists(naming()), eb('stored_file.created_at', '<', cut.orphanBefore)]),
  ]);
}

/**
 * Deletes the bytes of up to `limit` photos past their retention, keeping the row (size, hash, uploader)
 * with `purged_at`. Rows are claimed FOR UPDATE SKIP LOCKED, so processes running this at the same time
 * share the work and skip a photo being attached (share-locked by files.findOwnFile); the update checks
 * the condition again in its own snapshot, so a request that named the photo meanwhile keeps it.
 * Returns how many rows were claimed and how many cleared.
 */
export async function purgeDocumentPhotos(
  db: Kysely<DB>,
  cut: PhotoCutoffs,
  now: Date,
  limit: number,
): Promise<{ claimed: number; purged: number }> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .selectFrom('stored_file')
      .select('id')
      .where((eb) => purgeable(eb, cut))
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!claimed.length) return { claimed: 0, purged: 0 };
    const cleared = await trx
      .updateTable('stored_file')
      .set({ data: null, purged_at: now })
      .where(
        'id',
        'in',
        claimed.map((c) => c.id),
      )
      .where((eb) => purgeable(eb, cut))
      .executeTakeFirst();
    return { claimed: claimed.length, purged: Number(cleared.numUpdatedRows) };
  });
}
