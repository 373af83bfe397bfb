import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DOCUMENT_IMAGE_TYPES } from '../../../shared/schemas/corrections.ts';
import { AppError } from '../../app-error.ts';
import type { DB, StoredFileTable } from '../../db/schema.ts';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** What a document photo may be: the contract's list (see `corrections.uploadDocument`). */
export const IMAGE_TYPES = DOCUMENT_IMAGE_TYPES;
type ImageType = StoredFileTable['content_type'];

/** The image type the bytes really are (magic numbers), whatever the client claimed. */
export function sniffImage(data: Buffer): ImageType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (
    data.length >= 12 &&
    data.toString('ascii', 0, 4) === 'RIFF' &&
    data.toString('ascii', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** Stores an uploaded photo of an identity document after checking its size and real type. */
export async function storeImage(db: Kysely<DB>, data: Buffer, claimedType: string, accountId: string) {
  if (!data.length) throw AppError.validation([{ field: 'file', in: 'body', code: 'file.empty' }]);
  if (data.length > MAX_IMAGE_BYTES) {
    throw AppError.validation([
      {
        field: 'file',
        in: 'body',
        code: 'file.too_large',
        params: { maximum: MAX_IMAGE_BYTES / 1024 / 1024 },
      },
    ]);
  }
  const type = sniffImage(data);
  if (!type || type !== claimedType.split(';')[0].trim())
    throw AppError.validation([{ field: 'file', in: 'body', code: 'file.type' }]);
  const row = await db
    .insertInto('stored_file')
    .values({
      content_type: type,
      size_bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data,
      uploaded_by_account: accountId,
    })
    .returning(['id', 'content_type', 'size_bytes'])
    .executeTakeFirstOrThrow();
  return { id: row.id, contentType: row.content_type, sizeBytes: row.size_bytes };
}

/**
 * A stored file uploaded by this account and not yet deleted by the retention job (for attaching it to a
 * request). The row is share-locked until the caller's transaction ends, so the retention job (which
 * skips locked rows, then checks again before it clears one) cannot delete a photo being attached.
 */
export function findOwnFile(db: Kysely<DB>, id: string, accountId: string) {
  return db
    .selectFrom('stored_file')
    .select(['id'])
    .where('id', '=', id)
    .where('uploaded_by_account', '=', accountId)
    .where('purged_at', 'is', null)
    .forShare()
    .executeTakeFirst();
}

/** A stored file's bytes (`data` null and `purged_at` set once the retention job deleted them). */
export function readFile(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('stored_file')
    .select(['content_type', 'data', 'size_bytes', 'purged_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}
