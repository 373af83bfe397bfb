import type { z } from 'zod';
import { lookupEndpoints } from './api-client-lookup.ts';
import { managerEndpoints } from './api-client-manager.ts';
import { notifyEndpoints } from './api-client-notify.ts';
import { qualityEndpoints } from './api-client-quality.ts';
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
  certificateSchema,
  passportSchema,
  type revocationBody,
  revocationListSchema,
  revocationSchema,
  staffCertificateLookupSchema,
} from './schemas/certificates.ts';
import {
  type correctionCreateSchema,
  correctionListSchema,
  type correctionReplySchema,
  correctionSchema,
  fileStoredSchema,
} from './schemas/corrections.ts';
import {
  doseBatchResultSchema,
  doseRecordedSchema,
  type doseRecordSchema,
  doseSchema,
  lotListSchema,
  vaccinationRecordSchema,
} from './schemas/doses.ts';
import {
  accessLogSchema,
  addMemberResultSchema,
  type addMemberSchema,
  householdMemberSchema,
  householdSchema,
  inboxSchema,
  staffLinkConfirmedSchema,
  staffLinkRequestsSchema,
  type updateMemberSchema,
} from './schemas/households.ts';
import {
  type mergeRequestSchema,
  type mergeSchema,
  type personCreateSchema,
  personPageSchema,
  personSchema,
} from './schemas/people.ts';
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
    ...notifyEndpoints(request),
    ...qualityEndpoints(request),
    ...lookupEndpoints(request, { baseUrl, fetch: doFetch, lang: options.lang }),
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

    // citizen
    household: () => request('GET', '/api/me/household', householdSchema),
    /** A member with a CCCD comes back as a pending request (waiting for the person's code). */
    addMember: (input: z.input<typeof addMemberSchema>) =>
      request('POST', '/api/me/household/members', addMemberResultSchema, {
        body: input,
      }),
    confirmLink: (id: string, code: string) =>
      request('POST', `/api/me/household/link-requests/${id}/confirm`, householdMemberSchema, {
        body: { code },
      }),
    cancelLink: (id: string) => request('DELETE', `/api/me/household/link-requests/${id}`, null),
    certificateByUvci: (uvci: string) =>
      request('GET', `/api/staff/certificates/${encodeURIComponent(uvci)}`, staffCertificateLookupSchema),
    revokeCertificate: (input: z.input<typeof revocationBody>) =>
      request('POST', '/api/staff/certificates/revocations', revocationSchema, { body: input }),
    revocations: (page = 1) =>
      request('GET', '/api/staff/certificates/revocations', revocationListSchema, { query: { page } }),
    staffLinkRequests: (cccd: string) =>
      request('GET', '/api/staff/household-link-requests', staffLinkRequestsSchema, { query: { cccd } }),
    staffConfirmLink: (id: string) =>
      request('POST', `/api/staff/household-link-requests/${id}/confirm`, staffLinkConfirmedSchema),
    member: (id: string) => request('GET', `/api/me/household/members/${id}`, personSchema),
    updateMember: (id: string, input: z.input<typeof updateMemberSchema>) =>
      request('PATCH', `/api/me/household/members/${id}`, householdMemberSchema, { body: input }),
    removeMember: (id: string) => request('DELETE', `/api/me/household/members/${id}`, null),
    accessLog: (id: string) => request('GET', `/api/me/household/members/${id}/access-log`, accessLogSchema),
    exportMember: (id: string) => request('GET', `/api/me/household/members/${id}/export`, null),
    uploadDocument: (file: Blob) =>
      request('POST', '/api/me/files', fileStoredSchema, { raw: { data: file, type: file.type } }),
    requestCorrection: (personId: string, input: z.input<typeof correctionCreateSchema>) =>
      request('POST', `/api/me/household/members/${personId}/corrections`, correctionSchema, { body: input }),
    myCorrections: () => request('GET', '/api/me/corrections', correctionListSchema),
    replyCorrection: (id: string, input: z.input<typeof correctionReplySchema>) =>
      request('POST', `/api/me/corrections/${id}/reply`, correctionSchema, { body: input }),
    inbox: () => request('GET', '/api/me/inbox', inboxSchema),
    markRead: (ids: string[]) => request('POST', '/api/me/inbox/read', null, { body: { ids } }),
    deleteAccount: () => request('DELETE', '/api/me/account', null),

    // staff
    searchPeople: (q: string, birthDate?: string) =>
      request('GET', '/api/staff/people', personPageSchema, { query: { q, birthDate, limit: 50 } }),
    person: (id: string) => request('GET', `/api/staff/people/${id}`, personSchema),
    createPerson: (input: z.input<typeof personCreateSchema>) =>
      request('POST', '/api/staff/people', personSchema, { body: input }),
    mergePeople: (input: z.input<typeof mergeRequestSchema>) =>
      request('POST', '/api/staff/people/merge', null, { body: input }),
    merges: () =>
      request('GET', '/api/staff/merges', null) as Promise<{ items: z.infer<typeof mergeSchema>[] }>,
    correctionQueue: (status?: string) =>
      request('GET', '/api/staff/corrections', correctionListSchema, { query: { status } }),
    decideCorrection: (id: string, decision: 'approve' | 'needs_info' | 'reject', note?: string) =>
      request('POST', `/api/staff/corrections/${id}/decision`, correctionSchema, {
        body: { decision, note },
      }),
    /** The member's passport: the current certificate, or the state of a revoked one. */
    memberCertificate: (id: string) =>
      request('GET', `/api/me/household/members/${id}/certificate`, passportSchema),
    /** A new certificate after a revocation, where the rules allow it. */
    reissueMemberCertificate: (id: string) =>
      request('POST', `/api/me/household/members/${id}/certificate`, certificateSchema),
    memberVaccination: (id: string) =>
      request('GET', `/api/me/household/members/${id}/vaccination`, vaccinationRecordSchema),
    personVaccination: (id: string) =>
      request('GET', `/api/staff/people/${id}/vaccination`, vaccinationRecordSchema),
    lots: async (vaccine?: string) =>
      (await request('GET', '/api/staff/lots', lotListSchema, { query: { vaccine } })).items,
    recordDose: (input: z.input<typeof doseRecordSchema>) =>
      request('POST', '/api/staff/doses', doseRecordedSchema, { body: input }),
    recordDoses: (doses: z.input<typeof doseRecordSchema>[]) =>
      request('POST', '/api/staff/doses/batch', doseBatchResultSchema, { body: { doses } }),
    voidDose: (id: string, reason: string) =>
      request('POST', `/api/staff/doses/${id}/void`, doseSchema, { body: { reason } }),
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
