import { useQuery } from '@tanstack/react-query';
import { importUrls } from '../../../shared/api-client-imports.ts';
import type { ImportJob, ImportMapping, ReviewResolution } from '../../../shared/schemas/imports.ts';
import { api, legacyApi } from '../../lib/api.ts';

/** The import screens' queries and writes, on the shared API client (src/shared/api-client-imports.ts). */

/** Whether a chosen file is one the import reads (CSV or XLSX). */
export function isImportFile(file: File): boolean {
  return /\.(csv|txt|xlsx)$/i.test(file.name);
}

/** Address of the template download. */
export const templateUrl = importUrls.template;
/** Address of a job's error report (its failed rows plus an error column). */
export const reportUrl = importUrls.report;

export interface UploadRequest {
  file: File;
  facility: string;
  dryRun: boolean;
  mapping?: string;
  /** A UUID chosen with the file: the same key gives back the same job. */
  idempotencyKey: string;
}

/** The import API's writes (the shared client sends the session's CSRF token). */
export function useImportsApi() {
  return {
    upload: (r: UploadRequest) =>
      legacyApi.uploadImport(
        { data: r.file, filename: r.file.name },
        { facility: r.facility, dryRun: r.dryRun, mapping: r.mapping, idempotencyKey: r.idempotencyKey },
      ),
    putMapping: (jobId: string, mapping: ImportMapping, saveAs?: string) =>
      legacyApi.setImportMapping(jobId, mapping, saveAs),
    resolveReview: (id: string, resolution: ReviewResolution) =>
      legacyApi.resolveImportReview(id, resolution),
    cancel: (jobId: string) => legacyApi.cancelImport(jobId),
  };
}

const RUNNING: ImportJob['state'][] = ['queued', 'running'];

/** Whether a job is still moving (queued or running). */
export const isRunning = (job: ImportJob | undefined) => Boolean(job && RUNNING.includes(job.state));

/** One job, polled every half second while it runs. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'job', id],
    queryFn: () => legacyApi.importJob(id!),
    enabled: Boolean(id),
    refetchInterval: (query) => (isRunning(query.state.data) ? 500 : false),
  });
}

/** The jobs within reach, newest first (refreshed while one of them runs). */
export function useImportJobs(facility: string | null, offset = 0, limit = 10) {
  return useQuery({
    queryKey: ['imports', 'jobs', facility, offset, limit],
    queryFn: () => legacyApi.importJobs({ facility: facility ?? undefined, limit, offset }),
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? 2_000 : false),
  });
}

/** The column mappings saved for a facility. */
export function useSavedMappings(facility: string | null) {
  return useQuery({
    queryKey: ['imports', 'mappings', facility],
    queryFn: () => legacyApi.importMappings(facility!),
    enabled: Boolean(facility),
  });
}

/** A page of a job's row errors. */
export function useImportErrors(jobId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['imports', 'errors', jobId, page, pageSize],
    queryFn: () => legacyApi.importErrors(jobId, page, pageSize),
  });
}

/** A page of the pending review items (of one job, or all within reach). */
export function useReviewQueue(jobId: string | null, page: number) {
  return useQuery({
    queryKey: ['imports', 'review', jobId, page],
    queryFn: () => legacyApi.importReview({ jobId: jobId ?? undefined, page, state: 'pending' }),
  });
}

/** The caller's own facility (site staff: the one facility within reach). */
export function useOwnFacility() {
  return useQuery({
    queryKey: ['facilities', 'own'],
    queryFn: async () => (await api.facilities.search({ query: { limit: 1 } })).items[0] ?? null,
    staleTime: 300_000,
  });
}
