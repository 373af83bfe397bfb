import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../shared/api-client.ts';
import { importUrls } from '../../../shared/api-client-imports.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { localize } from '../../../shared/messages.ts';
import type { ImportJob, ImportMapping, ReviewResolution } from '../../../shared/schemas/imports.ts';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import { tallyListSchema } from '../../../shared/schemas/tallies.ts';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';

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
      api.uploadImport(
        { data: r.file, filename: r.file.name },
        { facility: r.facility, dryRun: r.dryRun, mapping: r.mapping, idempotencyKey: r.idempotencyKey },
      ),
    putMapping: (jobId: string, mapping: ImportMapping, saveAs?: string) =>
      api.setImportMapping(jobId, mapping, saveAs),
    resolveReview: (id: string, resolution: ReviewResolution) => api.resolveImportReview(id, resolution),
    cancel: (jobId: string) => api.cancelImport(jobId),
  };
}

const RUNNING: ImportJob['state'][] = ['queued', 'running'];

/** Whether a job is still moving (queued or running). */
export const isRunning = (job: ImportJob | undefined) => Boolean(job && RUNNING.includes(job.state));

/** One job, polled every half second while it runs. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'job', id],
    queryFn: () => api.importJob(id!),
    enabled: Boolean(id),
    refetchInterval: (query) => (isRunning(query.state.data) ? 500 : false),
  });
}

/** The jobs within reach, newest first (refreshed while one of them runs). */
export function useImportJobs(facility: string | null, offset = 0, limit = 10) {
  return useQuery({
    queryKey: ['imports', 'jobs', facility, offset, limit],
    queryFn: () => api.importJobs({ facility: facility ?? undefined, limit, offset }),
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? 2_000 : false),
  });
}

/** The column mappings saved for a facility. */
export function useSavedMappings(facility: string | null) {
  return useQuery({
    queryKey: ['imports', 'mappings', facility],
    queryFn: () => api.importMappings(facility!),
    enabled: Boolean(facility),
  });
}

/** A page of a job's row errors. */
export function useImportErrors(jobId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['imports', 'errors', jobId, page, pageSize],
    queryFn: () => api.importErrors(jobId, page, pageSize),
  });
}

/** A page of the pending review items (of one job, or all within reach). */
export function useReviewQueue(jobId: string | null, page: number) {
  return useQuery({
    queryKey: ['imports', 'review', jobId, page],
    queryFn: () => api.importReview({ jobId: jobId ?? undefined, page, state: 'pending' }),
  });
}

/** A GET outside the shared client (see useFacilityLookup), failing with the client's ApiError. */
async function getJson(path: string): Promise<unknown> {
  const fail = (status: number, code: 'problem.unavailable' | 'problem.internal' | 'problem.bad_request') => {
    const messages = localize(code);
    return new ApiError(status, {
      type: 'about:blank',
      title: messages.en,
      status,
      code: status ? 'unknown' : 'network_error',
      instance: path,
      requestId: '',
      messages,
    });
  };
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json', 'accept-language': currentLang() },
      credentials: 'same-origin',
    });
  } catch {
    throw fail(0, 'problem.unavailable');
  }
  const payload = await response.json().catch(() => undefined);
  if (response.ok) return payload;
  const parsed = problemSchema.safeParse(payload);
  if (parsed.success) throw new ApiError(response.status, parsed.data);
  throw fail(response.status, response.status >= 500 ? 'problem.internal' : 'problem.bad_request');
}

/** Today in Vietnam, as YYYY-MM-DD. */

/**
 * A facility within reach by code (or the caller's own facility with null): its id, code and name.
 * The import API names facilities by code, which a site's session does not carry and no facility
 * route lists; the tallies read of one day answers "which facility is this code / mine" (counts only,
 * no personal data). The shared client has no tallies call yet, hence the plain GET.
 */
export function useFacilityLookup(code: string | null, enabled = true) {
  return useQuery({
    queryKey: ['imports', 'facility', code],
    queryFn: async () => {
      const today = vietnamDate();
      const query = new URLSearchParams({ from: today, to: today, ...(code ? { facility: code } : {}) });
      return tallyListSchema.parse(await getJson(`/api/staff/tallies?${query}`)).facility;
    },
    enabled,
    retry: false,
    staleTime: 300_000,
  });
}
