import type { z } from 'zod';
import {
  type ImportMapping,
  importErrorPageSchema,
  importJobListSchema,
  importJobSchema,
  type ReviewResolution,
  reviewItemSchema,
  reviewPageSchema,
  savedMappingListSchema,
} from './schemas/imports.ts';

type Query = Record<string, string | number | boolean | undefined>;

/** The requester of the API client, with raw bodies and extra headers (uploads). */
export type ImportRequester = <S extends z.ZodType>(
  method: string,
  path: string,
  schema: S | null,
  init?: {
    query?: Query;
    body?: unknown;
    raw?: { data: Blob | ArrayBuffer | Uint8Array; type: string };
    headers?: Record<string, string>;
  },
) => Promise<z.infer<S>>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type an upload is sent with, from the file's name. */
export function uploadType(filename: string): string {
  return filename.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : 'text/csv';
}

/** Where the template and a job's error report download from (GET with the session cookie). */
export const importUrls = {
  template: (lang: 'vi' | 'en') => `/api/staff/imports/template.xlsx?lang=${lang}`,
  report: (jobId: string) => `/api/staff/imports/${encodeURIComponent(jobId)}/report.xlsx`,
};

/** Imports of legacy dose records: upload (a job), progress, mapping, errors, review queue. */
export function importEndpoints(request: ImportRequester) {
  return {
    /**
     * Uploads a CSV or XLSX file as a new import job (202). `idempotencyKey` (a UUID chosen once per
     * upload) makes a retry return the same job.
     */
    uploadImport: (
      file: { data: Blob | ArrayBuffer | Uint8Array; filename: string },
      options: { facility: string; dryRun?: boolean; mapping?: string; idempotencyKey: string },
    ) =>
      request('POST', '/api/staff/imports', importJobSchema, {
        query: {
          facility: options.facility,
          dryRun: options.dryRun ? 'true' : 'false',
          mapping: options.mapping,
          filename: file.filename,
        },
        raw: { data: file.data, type: uploadType(file.filename) },
        headers: { 'idempotency-key': options.idempotencyKey },
      }),
    importJobs: (query: { facility?: string; limit?: number; offset?: number } = {}) =>
      request('GET', '/api/staff/imports', importJobListSchema, { query }),
    importJob: (id: string) =>
      request('GET', `/api/staff/imports/${encodeURIComponent(id)}`, importJobSchema),
    setImportMapping: (id: string, mapping: ImportMapping, saveAs?: string) =>
      request('PUT', `/api/staff/imports/${encodeURIComponent(id)}/mapping`, importJobSchema, {
        body: { mapping, ...(saveAs ? { saveAs } : {}) },
      }),
    cancelImport: (id: string) =>
      request('POST', `/api/staff/imports/${encodeURIComponent(id)}/cancel`, importJobSchema),
    importMappings: (facility: string) =>
      request('GET', '/api/staff/imports/mappings', savedMappingListSchema, { query: { facility } }),
    importErrors: (id: string, page = 1, pageSize = 50) =>
      request('GET', `/api/staff/imports/${encodeURIComponent(id)}/errors`, importErrorPageSchema, {
        query: { page, pageSize },
      }),
    importReview: (
      query: { jobId?: string; state?: 'pending' | 'resolved' | 'rejected'; page?: number } = {},
    ) => request('GET', '/api/staff/imports/review', reviewPageSchema, { query }),
    resolveImportReview: (id: string, resolution: ReviewResolution) =>
      request('POST', `/api/staff/imports/review/${encodeURIComponent(id)}`, reviewItemSchema, {
        body: resolution,
      }),
  };
}
