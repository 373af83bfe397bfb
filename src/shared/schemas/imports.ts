import { z } from 'zod';
import { IMPORT_FIELD_KEYS } from '../legacy/import-columns.ts';
import { localizedSchema } from './problem.ts';

/**
 * The import API (issue 6): legacy dose records from CSV/XLSX files run as jobs; rows are imported,
 * skipped (already there), failed (per-column errors) or sent to review (ambiguous identity, conflicting
 * dose). Field keys are the template's columns (src/shared/legacy/import-columns.ts).
 */
export { IMPORT_FIELD_KEYS };
export const importFieldKeySchema = z.enum(IMPORT_FIELD_KEYS);
export type ImportField = z.infer<typeof importFieldKeySchema>;

export const IMPORT_STATES = ['queued', 'running', 'needs_mapping', 'done', 'failed', 'cancelled'] as const;
export const importStateSchema = z.enum(IMPORT_STATES);
export type ImportState = z.infer<typeof importStateSchema>;

/** Header of the file → field it holds (null: the column is ignored). */
export const importMappingSchema = z.record(z.string().max(200), importFieldKeySchema.nullable());
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importCountsSchema = z.object({
  /** Data rows read so far (header excluded). */
  read: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  review: z.number().int(),
  /** Persons the import created (new identities). */
  personsCreated: z.number().int(),
});

export const importJobSchema = z.object({
  id: z.string(),
  filename: z.string(),
  facilityCode: z.string(),
  facilityName: z.string(),
  state: importStateSchema,
  dryRun: z.boolean(),
  counts: importCountsSchema,
  /** Of the rows sent to review (counts.review), those still waiting for a decision. */
  reviewPending: z.number().int(),
  /** Data rows of the file, known once it has been read to the end (null before). */
  totalRows: z.number().int().nullable(),
  sizeBytes: z.number().int(),
  /** Bytes of the file read so far: progress before the number of rows is known. */
  bytesRead: z.number().int(),
  /** Vietnamese text encoding found in the file: unicode, tcvn3 or vni (null until read). */
  encoding: z.string().nullable(),
  /** The name of the saved mapping used, if any. */
  mappingName: z.string().nullable(),
  mapping: importMappingSchema.nullable(),
  /** The file's header row, in order. */
  headers: z.array(z.string()).nullable(),
  /** Required fields no column is mapped to (state needs_mapping). */
  missingFields: z.array(importFieldKeySchema),
  /** Why the job failed (state failed). */
  error: localizedSchema.nullable(),
  /** When the retention job deleted the uploaded file (no error report then; the failed rows stay). */
  fileDeletedAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** A job id (an unknown or malformed one is 404, so the query of the same route is checked too). */
export const importIdParams = z.object({ id: z.string().min(1).max(64) });

const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default(false);

/** `POST /api/staff/imports?…`; the body is the raw file (CSV or XLSX). */
export const importCreateQuery = z.object({
  facility: z.string().min(1).max(40).describe('Code of the facility the records belong to'),
  dryRun: booleanQuery.describe('Check the file and report what would happen; write nothing'),
  mapping: z.string().min(1).max(100).optional().describe('Name of a saved column mapping to use'),
  filename: z.string().min(1).max(255).default('upload.csv').describe('Original file name (.csv or .xlsx)'),
});

export const importListQuery = z.object({
  facility: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const importJobListSchema = z.object({
  items: z.array(importJobSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const importMappingBody = z.object({
  mapping: importMappingSchema,
  /** Save the mapping under this name for the facility (replaces one of the same name). */
  saveAs: z.string().trim().min(1).max(100).optional(),
});

export const savedMappingSchema = z.object({
  name: z.string(),
  mapping: importMappingSchema,
  updatedAt: z.string(),
});
export const savedMappingsQuery = z.object({ facility: z.string().min(1).max(40) });
export const savedMappingListSchema = z.object({ items: z.array(savedMappingSchema) });

/** 1-based page of a list (errors, review items). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const importRowErrorSchema = z.object({
  /** Row number in the file as a spreadsheet shows it (the header is row 1). */
  rowNumber: z.number().int(),
  /** The file's column header, when the error is about one column. */
  column: z.string().nullable(),
  field: importFieldKeySchema.nullable(),
  code: z.string(),
  message: localizedSchema,
});
export const importErrorPageSchema = z.object({
  items: z.array(importRowErrorSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const templateQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });

/** A row as the import understood it (after decoding, validation and normalisation). */
export const normalizedRowSchema = z.object({
  sourceRowId: z.string().nullable(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']).nullable(),
  cccd: z.string().nullable(),
  cmnd: z.string().nullable(),
  phone: z.string().nullable(),
  /** 2025 commune the address resolved to (null when unknown). */
  unitId: z.string().nullable(),
  /** The address as the file wrote it (province, district, commune, address), kept for reference. */
  addressOriginal: z.string().nullable(),
  doseNumber: z.number().int().nullable(),
  givenOn: z.string(),
  vaccineCode: z.string(),
  lotNumber: z.string().nullable(),
  facilityCode: z.string(),
});
export type NormalizedRow = z.infer<typeof normalizedRowSchema>;

export const REVIEW_REASONS = [
  /** Several persons match about equally well. */
  'identity_ambiguous',
  /**
   * The row would create a person, but one with the same name (ignoring diacritics and case) and birth
   * date is on record and nothing (CCCD, CMND, sex) tells them apart: maybe the same person. (Called
   * identity_weak before migration 0024.)
   */
  'likely_duplicate',
  /** The CCCD belongs to a person whose birth date differs. */
  'identity_mismatch',
  /** The person already has this dose number with another date or vaccine. */
  'conflicting_dose',
  /**
   * A dose N > 1 while the person has no earlier dose of the series on record nor in the file (rows of
   * the file in any order count: such rows are decided again once the whole file is in).
   */
  'missing_earlier_dose',
  /**
   * The row's person exists outside the importer's reach: nothing of them is shown; someone whose reach
   * covers both (the province, or the person's commune) resolves it.
   */
  'outside_reach',
] as const;
export const reviewReasonSchema = z.enum(REVIEW_REASONS);

export const reviewCandidateSchema = z.object({
  personId: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  unitName: z.string().nullable(),
  cccdLast4: z.string().nullable(),
  phoneLast3: z.string().nullable(),
  score: z.number(),
  /** What matched: name_birth, cccd, cmnd, phone, commune, sex_differs, … */
  reasons: z.array(z.string()),
  /** For a conflicting dose: the dose the person already has with that number. */
  existingDose: z
    .object({ doseNumber: z.number().int(), givenOn: z.string(), vaccineCode: z.string() })
    .nullable(),
});

export const reviewStateSchema = z.enum(['pending', 'resolved', 'rejected']);

export const reviewItemSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  rowNumber: z.number().int(),
  row: normalizedRowSchema,
  reason: reviewReasonSchema,
  /** Candidates within the reader's reach. */
  candidates: z.array(reviewCandidateSchema),
  /** How many candidates are outside the reader's reach (never shown, not even by initials). */
  outsideReach: z.number().int(),
  state: reviewStateSchema,
  /** How it was resolved: matched, created or rejected (null while pending). */
  resolution: z.enum(['matched', 'created', 'rejected']).nullable(),
  personId: z.string().nullable(),
  doseId: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewQuery = pageQuery.extend({
  jobId: z.uuid().optional(),
  state: reviewStateSchema.default('pending'),
});
export const reviewPageSchema = z.object({
  items: z.array(reviewItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const reviewIdParams = z.object({ id: z.uuid() });
export const reviewResolveBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('match'), personId: z.uuid() }),
  z.object({ action: z.literal('create') }),
  z.object({ action: z.literal('reject') }),
]);
export type ReviewResolution = z.infer<typeof reviewResolveBody>;
