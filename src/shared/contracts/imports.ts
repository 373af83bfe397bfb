import { z } from 'zod';
import { endpoint, file } from '../api/endpoint.ts';
import {
  importCreateQuery,
  importErrorPageSchema,
  importIdParams,
  importJobListSchema,
  importJobSchema,
  importListQuery,
  importMappingBody,
  pageQuery,
  reviewIdParams,
  reviewItemSchema,
  reviewPageSchema,
  reviewQuery,
  reviewResolveBody,
  savedMappingListSchema,
  savedMappingsQuery,
  templateQuery,
} from '../schemas/imports.ts';

const tags = ['imports'];
const policy = 'staff:imports.run';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Imports of legacy dose records: template, upload (a job), progress, mapping, errors and report, review queue. */
export const imports = {
  template: endpoint({
    method: 'GET',
    path: '/api/staff/imports/template.xlsx',
    policy,
    tags,
    summary: 'The import template: headers, one sample row and a notes sheet (XLSX)',
    query: templateQuery,
    responses: { 200: file(XLSX_TYPE) },
    errors: [],
  }),
  upload: endpoint({
    method: 'POST',
    path: '/api/staff/imports',
    policy,
    tags,
    summary: 'Upload a CSV or XLSX file of legacy dose records as the request body: starts an import job',
    description:
      'Body: the file itself (`text/csv`, the XLSX type or `application/octet-stream`, at most 512 MB). ' +
      'Send an `idempotency-key` header (a client UUID): a resend returns the same job. Answers 202 with ' +
      'the job; poll `GET /api/staff/imports/{id}` for its progress. Refused with 422 while it arrives ' +
      'when a CSV line is longer than 256 KB or an XLSX says it unpacks to more than 200 MB.',
    query: importCreateQuery,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
    upload: ['text/csv', 'text/plain', 'application/octet-stream', XLSX_TYPE, 'application/vnd.ms-excel'],
    responses: { 202: importJobSchema, 200: importJobSchema },
    errors: ['not_found', 'import.line_too_long', 'import.xlsx_too_large'],
  }),
  jobs: endpoint({
    method: 'GET',
    path: '/api/staff/imports',
    policy,
    tags,
    summary: 'Import jobs of the facilities within your reach, newest first',
    query: importListQuery,
    responses: { 200: importJobListSchema },
    errors: [],
  }),
  mappings: endpoint({
    method: 'GET',
    path: '/api/staff/imports/mappings',
    policy,
    tags,
    summary: 'Column mappings saved for a facility',
    query: savedMappingsQuery,
    responses: { 200: savedMappingListSchema },
    errors: ['not_found'],
  }),
  review: endpoint({
    method: 'GET',
    path: '/api/staff/imports/review',
    policy,
    tags,
    summary:
      'Rows waiting for a person to decide: ambiguous identity, a likely duplicate, a conflicting dose or a dose with no earlier dose on record (audited)',
    query: reviewQuery,
    responses: { 200: reviewPageSchema },
    errors: [],
  }),
  resolveReview: endpoint({
    method: 'POST',
    path: '/api/staff/imports/review/:id',
    policy,
    tags,
    summary: 'Resolve a review item: match a person, create a new one, or reject the row',
    params: reviewIdParams,
    body: reviewResolveBody,
    responses: { 200: reviewItemSchema },
    errors: ['not_found', 'review_closed', 'dose_number_taken', 'duplicate_cccd'],
  }),
  job: endpoint({
    method: 'GET',
    path: '/api/staff/imports/:id',
    policy,
    tags,
    summary: 'One import job: state, counts, mapping',
    params: importIdParams,
    responses: { 200: importJobSchema },
    errors: ['not_found'],
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/staff/imports/:id/cancel',
    policy,
    tags,
    summary: 'Cancel a job that has not ended; batches already written stay (audited)',
    params: importIdParams,
    responses: { 200: importJobSchema },
    errors: ['not_found', 'import_state'],
  }),
  setMapping: endpoint({
    method: 'PUT',
    path: '/api/staff/imports/:id/mapping',
    policy,
    tags,
    summary: 'Map the columns of a job waiting for it (optionally saved by name) and resume it',
    params: importIdParams,
    body: importMappingBody,
    responses: { 200: importJobSchema },
    errors: ['not_found', 'import_state'],
  }),
  rowErrors: endpoint({
    method: 'GET',
    path: '/api/staff/imports/:id/errors',
    policy,
    tags,
    summary: "The failed rows' problems, per row and column, in Vietnamese and English",
    params: importIdParams,
    query: pageQuery,
    responses: { 200: importErrorPageSchema },
    errors: ['not_found'],
  }),
  report: endpoint({
    method: 'GET',
    path: '/api/staff/imports/:id/report.xlsx',
    policy,
    tags,
    summary:
      'Error report: the failed rows as read, with an error column, and a sheet of all issues (audited); ' +
      '410 once the uploaded file was deleted after the retention period',
    params: importIdParams,
    responses: { 200: file(XLSX_TYPE) },
    errors: ['not_found', 'file_purged'],
  }),
};
