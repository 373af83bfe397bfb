import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Tables of legacy-record imports (migrations/0012; see schema.ts for the DB map). */
export type ImportJobState = 'queued' | 'running' | 'needs_mapping' | 'done' | 'failed' | 'cancelled';

type Json<T> = ColumnType<T, string, string>;

export interface ImportJobTable {
  id: Generated<string>;
  facility_id: string;
  filename: string;
  sha256: string;
  size_bytes: ColumnType<number, number, number>;
  file_kind: 'csv' | 'xlsx';
  file_path: string | null;
  state: Generated<ImportJobState>;
  dry_run: Generated<boolean>;
  mapping_name: string | null;
  mapping: Json<Record<string, string | null>> | null;
  headers: Json<string[]> | null;
  charset: string | null;
  encoding: 'unicode' | 'tcvn3' | 'vni' | null;
  scope: Json<Record<string, string>> | null;
  count_read: Generated<number>;
  count_imported: Generated<number>;
  count_skipped: Generated<number>;
  count_failed: Generated<number>;
  count_review: Generated<number>;
  persons_created: Generated<number>;
  next_row: Generated<number>;
  total_rows: number | null;
  bytes_read: ColumnType<number, number | undefined, number>;
  idempotency_key: string | null;
  created_by: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  attempts: Generated<number>;
  error_code: string | null;
  error_detail: string | null;
  /** Values of the error message (migration 0018), e.g. the row and the limit it passed. */
  error_params: Json<Record<string, string | number>> | null;
  /** When the stored pieces were deleted by the retention job (migration 0018). */
  file_purged_at: Date | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Generated<Date>;
}

export interface ImportFileChunkTable {
  job_id: string;
  seq: number;
  bytes: Uint8Array;
}

export interface ImportRowIssueTable {
  job_id: string;
  row_number: number;
  seq: number;
  column_name: string | null;
  field: string | null;
  code: string;
  params: Json<Record<string, string | number>> | null;
}

export interface ImportReviewTable {
  id: Generated<string>;
  job_id: string;
  row_number: number;
  import_key: string;
  facility_id: string;
  row: JSONColumnType<Record<string, unknown>, string, string>;
  reason:
    | 'identity_ambiguous'
    | 'likely_duplicate'
    | 'identity_mismatch'
    | 'conflicting_dose'
    | 'missing_earlier_dose'
    | 'outside_reach';
  candidates: ColumnType<unknown[], string | undefined, string>;
  state: Generated<'pending' | 'resolved' | 'rejected'>;
  resolution: 'matched' | 'created' | 'rejected' | null;
  person_id: string | null;
  dose_id: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Generated<Date>;
}

export interface ImportMappingTable {
  facility_id: string;
  name: string;
  mapping: Json<Record<string, string | null>>;
  created_by: string | null;
  updated_at: Generated<Date>;
}

/** The columns migration 0012 adds to `dose` (joined to DoseTable in schema.ts). */
export interface DoseImportColumns {
  /** Facility id + the legacy row id, or a hash of the normalised row: a re-import skips the dose. */
  import_key: string | null;
  import_job_id: string | null;
}
