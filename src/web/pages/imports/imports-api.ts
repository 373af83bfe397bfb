import { useQuery } from '@tanstack/react-query';
import { fillPath, type Input } from '../../../shared/api/endpoint.ts';
import { imports } from '../../../shared/contracts/imports.ts';
import type { ImportJob, ImportMapping, ReviewResolution } from '../../../shared/schemas/imports.ts';
import { api } from '../../lib/api.ts';

/** The import screens' queries and writes, on the client derived from the contract (src/shared/contracts/imports.ts). */

/** Whether a chosen file is one the import reads (CSV or XLSX). */
export function isImportFile(file: File): boolean {
  return /\.(csv|txt|xlsx)$/i.test(file.name);
}

/** Address of the template download (a GET with the session cookie). */
export const templateUrl = (lang: 'vi' | 'en') => `${fillPath(imports.template.path, {})}?lang=${lang}`;
/** Address of a job's error report (its failed rows plus an error column). */
export const reportUrl = (jobId: string) => fillPath(imports.report.path, { id: jobId });

type UploadType = Input<typeof imports.upload>['upload']['type'];

/** The content type an upload is sent with, from the file's name. */
export function uploadType(filename: string): UploadType {
  return filename.toLowerCase().endsWith('.xlsx')
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : 'text/csv';
}

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
      api.imports.upload({
        query: {
          facility: r.facility,
          dryRun: r.dryRun ? 'true' : 'false',
          mapping: r.mapping,
          filename: r.file.name,
        },
        headers: { 'idempotency-key': r.idempotencyKey },
        upload: { data: r.file, type: uploadType(r.file.name) },
      }),
    putMapping: (jobId: string, mapping: ImportMapping, saveAs?: string) =>
      api.imports.setMapping({ params: { id: jobId }, body: { mapping, ...(saveAs ? { saveAs } : {}) } }),
    resolveReview: (id: string, resolution: ReviewResolution) =>
      api.imports.resolveReview({ params: { id }, body: resolution }),
    cancel: (jobId: string) => api.imports.cancel({ params: { id: jobId } }),
  };
}

const RUNNING: ImportJob['state'][] = ['queued', 'running'];

/** Whether a job is still moving (queued or running). */
export const isRunning = (job: ImportJob | undefined) => Boolean(job && RUNNING.includes(job.state));

/** One job, polled every half second while it runs. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'job', id],
    queryFn: () => api.imports.job({ params: { id: id! } }),
    enabled: Boolean(id),
    refetchInterval: (query) => (isRunning(query.state.data) ? 500 : false),
  });
}

/** The jobs within reach, newest first (refreshed while one of them runs). */
export function useImportJobs(facility: string | null, offset = 0, limit = 10) {
  return useQuery({
    queryKey: ['imports', 'jobs', facility, offset, limit],
    queryFn: () => api.imports.jobs({ query: { facility: facility ?? undefined, limit, offset } }),
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? 2_000 : false),
  });
}

/** The column mappings saved for a facility. */
export function useSavedMappings(facility: string | null) {
  return useQuery({
    queryKey: ['imports', 'mappings', facility],
    queryFn: () => api.imports.mappings({ query: { facility: facility! } }),
    enabled: Boolean(facility),
  });
}

/** A page of a job's row errors. */
export function useImportErrors(jobId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['imports', 'errors', jobId, page, pageSize],
    queryFn: () => api.imports.rowErrors({ params: { id: jobId }, query: { page, pageSize } }),
  });
}

/** A page of the pending review items (of one job, or all within reach). */
export function useReviewQueue(jobId: string | null, page: number) {
  return useQuery({
    queryKey: ['imports', 'review', jobId, page],
    queryFn: () => api.imports.review({ query: { jobId: jobId ?? undefined, page, state: 'pending' } }),
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
