import type { z } from 'zod';
import { ApiError } from './api/client.ts';
import { managerEndpoints } from './api-client-manager.ts';
import { vaccinationEndpoints } from './api-client-vaccination.ts';
import { type Lang, localize } from './messages.ts';
import { type Problem, problemSchema } from './schemas/problem.ts';

/** One error class for both clients, so `instanceof ApiError` holds whichever threw it. */
export { ApiError } from './api/client.ts';

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
  /** The session's CSRF token, echoed on every write (the server sets it at sign-in and in /me). */
  const csrfToken: string | null = null;

  async function request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | null,
    init: {
      query?: Query;
      body?: unknown;
      raw?: { data: Blob | ArrayBuffer | Uint8Array; type: string };
      headers?: Record<string, string>;
    } = {},
  ): Promise<z.infer<S>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {}))
      if (value !== undefined && value !== '') search.set(key, String(value));
    const url = `${baseUrl}${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': options.lang?.() ?? 'vi',
    };
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    Object.assign(headers, init.headers);
    let body: BodyInit | undefined;
    if (init.raw) {
      headers['content-type'] = init.raw.type;
      body = init.raw.data as BodyInit;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    let response: Response;
    try {
      response = await doFetch(url, { method, headers, body, credentials: 'same-origin' });
    } catch {
      throw networkError(path);
    }
    if (response.status === 204) return null as z.infer<S>;
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = problemSchema.safeParse(payload);
      throw new ApiError(
        response.status,
        parsed.success ? parsed.data : unknownProblem(response.status, path),
      );
    }
    return schema ? schema.parse(payload) : payload;
  }

  return {
    ...vaccinationEndpoints(request),
    ...managerEndpoints(request),
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
