import type { z } from 'zod';
import { type Lang, localize } from './messages.ts';
import {
  type AdminUnit,
  type UnitDetail,
  type UnitSearchQuery,
  unitDetailSchema,
  unitPageSchema,
} from './schemas/places.ts';
import { type Problem, problemSchema } from './schemas/problem.ts';
import { healthSchema, type Overview, overviewSchema, readinessSchema } from './schemas/system.ts';
import {
  type PriorityGroupSet,
  priorityGroupSetListSchema,
  type VaccineProduct,
  vaccineListSchema,
} from './schemas/vaccines.ts';

/** An API answer that was not a success: the problem document when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.messages.en}`);
    this.name = 'ApiError';
  }
  /** The message in one language. */
  messageIn(lang: Lang): string {
    return this.problem.messages[lang];
  }
}

export interface ApiClientOptions {
  /** Origin of the server, e.g. http://127.0.0.1:3000; empty for same-origin (the web app). */
  baseUrl?: string;
  fetch?: typeof fetch;
  lang?: () => Lang;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The one typed client of the sskdt API, used by the web app, the CLI and tests. Every response is
 * checked against the route's zod schema, so a contract drift fails loudly where it happens.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    query?: Query,
  ): Promise<z.infer<S>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined && value !== '') search.set(key, String(value));
    const url = `${baseUrl}${path}${search.size ? `?${search}` : ''}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: { accept: 'application/json', 'accept-language': options.lang?.() ?? 'vi' },
        credentials: 'same-origin',
      });
    } catch {
      throw networkError(path);
    }
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = problemSchema.safeParse(body);
      throw new ApiError(
        response.status,
        parsed.success ? parsed.data : unknownProblem(response.status, path),
      );
    }
    return schema.parse(body);
  }

  return {
    health: () => request('GET', '/healthz', healthSchema),
    readiness: () => request('GET', '/readyz', readinessSchema),
    overview: (): Promise<Overview> => request('GET', '/api/overview', overviewSchema),
    searchUnits: (query: Partial<UnitSearchQuery>): Promise<{ items: AdminUnit[]; total: number }> =>
      request('GET', '/api/units', unitPageSchema, query as Query),
    getUnit: (id: string): Promise<UnitDetail> =>
      request('GET', `/api/units/${encodeURIComponent(id)}`, unitDetailSchema),
    vaccines: async (): Promise<VaccineProduct[]> =>
      (await request('GET', '/api/vaccines', vaccineListSchema)).items,
    priorityGroupSets: async (): Promise<PriorityGroupSet[]> =>
      (await request('GET', '/api/priority-group-sets', priorityGroupSetListSchema)).items,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function unknownProblem(status: number, path: string): Problem {
  const messages = localize(status >= 500 ? 'problem.internal' : 'problem.bad_request');
  return {
    type: 'about:blank',
    title: messages.en,
    status,
    code: 'unknown',
    instance: path,
    requestId: '',
    messages,
  };
}

function networkError(path: string): ApiError {
  const messages = localize('problem.unavailable');
  return new ApiError(0, {
    type: 'about:blank',
    title: messages.en,
    status: 0,
    code: 'network_error',
    instance: path,
    requestId: '',
    messages,
  });
}
