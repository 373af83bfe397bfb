import type { z } from 'zod';
import { ApiError } from './api/client.ts';
import { importEndpoints } from './api-client-imports.ts';
import { managerEndpoints } from './api-client-manager.ts';
import { vaccinationEndpoints } from './api-client-vaccination.ts';
import { type Lang, localize } from './messages.ts';
import {
  apiKeyCreatedSchema,
  type apiKeyCreateSchema,
  apiKeyListSchema,
  demoLoginsSchema,
  type Me,
  meSchema,
  otpRequestedSchema,
  staffCreatedSchema,
  type staffCreateSchema,
  staffUserPageSchema,
  totpSetupSchema,
} from './schemas/accounts.ts';
import {
  type AdminUnit,
  type Facility,
  type FacilitySearchQuery,
  facilityPageSchema,
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
  let csrfToken: string | null = null;

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

  const remember = (me: Me) => {
    csrfToken = me.csrfToken;
    return me;
  };

  return {
    ...vaccinationEndpoints(request),
    ...managerEndpoints(request),
    ...importEndpoints(request),
    health: () => request('GET', '/healthz', healthSchema),
    readiness: () => request('GET', '/readyz', readinessSchema),
    overview: (): Promise<Overview> => request('GET', '/api/overview', overviewSchema),
    searchUnits: (query: Partial<UnitSearchQuery>): Promise<{ items: AdminUnit[]; total: number }> =>
      request('GET', '/api/units', unitPageSchema, { query: query as Query }),
    getUnit: (id: string): Promise<UnitDetail> =>
      request('GET', `/api/units/${encodeURIComponent(id)}`, unitDetailSchema),
    searchFacilities: (query: Partial<FacilitySearchQuery>): Promise<{ items: Facility[]; total: number }> =>
      request('GET', '/api/staff/facilities', facilityPageSchema, { query: query as Query }),
    vaccines: async (): Promise<VaccineProduct[]> =>
      (await request('GET', '/api/vaccines', vaccineListSchema)).items,
    priorityGroupSets: async (): Promise<PriorityGroupSet[]> =>
      (await request('GET', '/api/priority-group-sets', priorityGroupSetListSchema)).items,

    // sign-in
    me: async () => remember(await request('GET', '/api/auth/me', meSchema)),
    demoLogins: () => request('GET', '/api/auth/demo-logins', demoLoginsSchema),
    requestCode: (phone: string) =>
      request('POST', '/api/auth/otp/request', otpRequestedSchema, { body: { phone } }),
    verifyCode: async (phone: string, code: string) =>
      remember(await request('POST', '/api/auth/otp/verify', meSchema, { body: { phone, code } })),
    staffLogin: async (username: string, password: string) =>
      remember(await request('POST', '/api/auth/staff/login', meSchema, { body: { username, password } })),
    staffTotp: (code: string) => request('POST', '/api/auth/staff/totp', null, { body: { code } }),
    setupTotp: () => request('POST', '/api/auth/staff/totp/setup', totpSetupSchema),
    enableTotp: (code: string) => request('POST', '/api/auth/staff/totp/enable', null, { body: { code } }),
    changePassword: (currentPassword: string, newPassword: string) =>
      request('POST', '/api/auth/staff/password', null, { body: { currentPassword, newPassword } }),
    logout: async () => {
      await request('POST', '/api/auth/logout', null);
      csrfToken = null;
    },

    users: () => request('GET', '/api/admin/users', staffUserPageSchema, { query: { limit: 200 } }),
    createUser: (input: z.input<typeof staffCreateSchema>) =>
      request('POST', '/api/admin/users', staffCreatedSchema, { body: input }),
    setUserDisabled: (id: string, disabled: boolean) =>
      request('POST', `/api/admin/users/${id}/${disabled ? 'disable' : 'enable'}`, null),
    resetPassword: (id: string) =>
      request('POST', `/api/admin/users/${id}/reset-password`, null) as Promise<{ password: string }>,
    apiKeys: () => request('GET', '/api/admin/api-keys', apiKeyListSchema),
    createApiKey: (input: z.input<typeof apiKeyCreateSchema>) =>
      request('POST', '/api/admin/api-keys', apiKeyCreatedSchema, { body: input }),
    expireApiKey: (id: string) => request('POST', `/api/admin/api-keys/${id}/expire`, null, { body: {} }),
    revokeApiKey: (id: string) => request('POST', `/api/admin/api-keys/${id}/revoke`, null),
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
