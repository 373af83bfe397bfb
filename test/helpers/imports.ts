import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/server/db/schema.ts';
import {
  DEFAULT_IMPORT_OPTIONS,
  type ImportRunOptions,
  runNextJob,
} from '../../src/server/modules/imports/runner/job-runner.ts';
import { findOrCreateLocalJob } from '../../src/server/modules/imports/runner/local-job.ts';
import { runnerName } from '../../src/server/modules/imports/runner/runner-name.ts';
import type { Input } from '../../src/shared/api/endpoint.ts';
import type { imports } from '../../src/shared/contracts/imports.ts';
import type { TestApi } from './api.ts';

/** Helpers of the import tests and benchmark: temp files, running a local job, a dose checksum. */

/** Writes a file in a fresh temp directory and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-import-')), name);
  fs.writeFileSync(file, content);
  return file;
}

/** A CSV text from rows of cells (cells with a comma, quote or line break are quoted). */
export function csvText(rows: (string | number | null)[][], delimiter = ','): string {
  const quote = (cell: string | number | null) => {
    const text = cell === null ? '' : String(cell);
    return /["\n\r,;\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${rows.map((r) => r.map(quote).join(delimiter)).join('\r\n')}\r\n`;
}

/**
 * Uploads a CSV text through the typed client (`query`: facility, filename, dryRun…), a fresh
 * idempotency key unless given; the answer with its status.
 */
export function uploadCsvAs(
  api: TestApi,
  query: Input<typeof imports.upload>['query'],
  text: string,
  key: string = randomUUID(),
) {
  return api.imports.upload.raw({
    query,
    headers: { 'idempotency-key': key },
    upload: { data: text, type: 'text/csv' },
  });
}

/**
 * Uploads a CSV text as staff (`query`: facility, filename, dryRun…), a fresh idempotency key unless
 * given: the raw HTTP answer (the route-reach attacks call routes by URL).
 */
export function uploadCsv(
  app: FastifyInstance,
  headers: Record<string, string>,
  query: string,
  text: string,
  key: string = randomUUID(),
) {
  return app.inject({
    method: 'POST',
    url: `/api/staff/imports?${query}`,
    headers: { ...headers, 'content-type': 'text/csv', 'idempotency-key': key },
    payload: Buffer.from(text),
  });
}

/** Imports a local file to its end (or needs_mapping) as the CLI would, and returns the job. */
export async function importLocalFile(
  db: Kysely<DB>,
  file: string,
  facilityCode: string,
  options: { dryRun?: boolean; mappingName?: string; run?: Partial<ImportRunOptions> } = {},
) {
  const { job } = await findOrCreateLocalJob(
    db,
    { file, facilityCode, dryRun: options.dryRun, mappingName: options.mappingName },
    new Date(),
  );
  const runner = runnerName('cli');
  await runNextJob(
    db,
    runner,
    { jobId: job.id, localFiles: true },
    { ...DEFAULT_IMPORT_OPTIONS, ...options.run },
  );
  return db.selectFrom('import_job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
}

/** The counts of a job as the API shows them. */
export function countsOf(job: {
  count_read: number;
  count_imported: number;
  count_skipped: number;
  count_failed: number;
  count_review: number;
  persons_created: number;
}) {
  return {
    read: job.count_read,
    imported: job.count_imported,
    skipped: job.count_skipped,
    failed: job.count_failed,
    review: job.count_review,
    personsCreated: job.persons_created,
  };
}

/**
 * A checksum of the dose table that two databases share when they hold the same doses: no database
 * ids, the person by name key, birth date and CCCD, the facility by code.
 */
export async function doseChecksum(db: Kysely<DB>): Promise<{ doses: number; persons: number; md5: string }> {
  const result = await sql<{ doses: number; persons: number; md5: string | null }>`
    select count(*)::int as doses, count(distinct d.person_id)::int as persons,
      md5(string_agg(concat_ws('|', p.name_key, p.birth_date, p.cccd, p.phone, p.unit_id, d.vaccine_code,
        d.dose_number, d.given_on, d.lot_number, f.code, d.source, d.status, d.import_key is not null), ','
        order by p.name_key, p.birth_date, d.dose_number, d.given_on, d.vaccine_code)) as md5
    from dose d join person p on p.id = d.person_id left join facility f on f.id = d.facility_id`.execute(db);
  const row = result.rows[0];
  return { doses: Number(row.doses), persons: Number(row.persons), md5: row.md5 ?? '' };
}
