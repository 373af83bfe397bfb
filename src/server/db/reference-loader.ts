import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { REFERENCE_DIR } from '../paths.ts';
import type { DB } from './schema.ts';

/** A set of reference rows loaded from files in `reference/`. */
export interface ReferenceDataset {
  name: string;
  /** Paths relative to `reference/` whose content decides whether a reload is needed. */
  files: string[];
  /** Bumped when the loading code changes in a way that needs a reload of unchanged files. */
  loaderVersion: number;
  /** Upserts the rows (never deletes rows that other tables may point to); returns the row count. */
  load(trx: Transaction<DB>, read: (file: string) => string): Promise<number>;
}

export interface ReferenceLoadResult {
  name: string;
  status: 'loaded' | 'unchanged';
  rows: number;
}

/**
 * Loads each dataset whose files changed since the last load, each in one transaction, so a crash
 * half-way leaves the previous version in place and the next start finishes the job.
 */
export async function loadReferenceData(
  db: Kysely<DB>,
  datasets: ReferenceDataset[],
  referenceDir = REFERENCE_DIR,
): Promise<ReferenceLoadResult[]> {
  const read = (file: string) => fs.readFileSync(path.join(referenceDir, file), 'utf8');
  const results: ReferenceLoadResult[] = [];
  for (const dataset of datasets) {
    const hash = createHash('sha256').update(`loader:${dataset.loaderVersion}\n`);
    for (const file of dataset.files) hash.update(read(file));
    const checksum = hash.digest('hex');
    const current = await db
      .selectFrom('reference_dataset')
      .select(['checksum', 'row_count'])
      .where('name', '=', dataset.name)
      .executeTakeFirst();
    if (current?.checksum === checksum) {
      results.push({ name: dataset.name, status: 'unchanged', rows: current.row_count });
      continue;
    }
    const rows = await db.transaction().execute(async (trx) => {
      const count = await dataset.load(trx, read);
      await trx
        .insertInto('reference_dataset')
        .values({ name: dataset.name, checksum, row_count: count })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ checksum, row_count: count, loaded_at: new Date() }),
        )
        .execute();
      return count;
    });
    results.push({ name: dataset.name, status: 'loaded', rows });
  }
  return results;
}

/** Inserts rows in batches (PostgreSQL allows at most 65,535 parameters per statement). */
export async function insertInBatches<T>(
  rows: T[],
  batchSize: number,
  insert: (batch: T[]) => Promise<unknown>,
) {
  for (let i = 0; i < rows.length; i += batchSize) await insert(rows.slice(i, i + batchSize));
}
