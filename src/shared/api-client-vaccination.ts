import type { z } from 'zod';
import {
  aefiListSchema,
  type aefiRecordSchema,
  aefiSchema,
  type reactionReportSchema,
} from './schemas/reactions.ts';
import {
  campaignListSchema,
  type registrationCreateSchema,
  registrationListSchema,
  registrationSchema,
  type registrationUpdateSchema,
  type sessionCreateSchema,
  sessionListSchema,
  sessionSchema,
  sessionSlotsSchema,
} from './schemas/registrations.ts';

type Query = Record<string, string | number | boolean | undefined>;
/** The request function of the API client (see api-client.ts). */
export type Requester = <S extends z.ZodType>(
  method: string,
  path: string,
  schema: S | null,
  init?: { query?: Query; body?: unknown },
) => Promise<z.infer<S>>;

/** The vaccination loop's endpoints: registration, sessions, the vaccination day, reactions. */
export function vaccinationEndpoints(request: Requester) {
  return {
    campaigns: () => request('GET', '/api/campaigns', campaignListSchema),
    sessions: (from?: string) => request('GET', '/api/sessions', sessionListSchema, { query: { from } }),
    registerMember: (personId: string, input: z.input<typeof registrationCreateSchema>) =>
      request('POST', `/api/me/household/members/${personId}/registrations`, registrationSchema, {
        body: input,
      }),
    myRegistrations: () => request('GET', '/api/me/registrations', registrationListSchema),
    changeRegistration: (id: string, input: z.input<typeof registrationUpdateSchema>) =>
      request('PATCH', `/api/me/registrations/${id}`, registrationSchema, { body: input }),
    cancelRegistration: (id: string) =>
      request('POST', `/api/me/registrations/${id}/cancel`, registrationSchema),
    sessionSlots: (sessionId: string) =>
      request('GET', `/api/sessions/${sessionId}/slots`, sessionSlotsSchema),
    /** Books a pending registration into a session's slot (without one: the least-filled slot). */
    bookSession: (registrationId: string, sessionId: string, slotId?: string) =>
      request('POST', `/api/me/registrations/${registrationId}/book`, sessionSchema, {
        body: { sessionId, slotId },
      }),
    moveAppointment: (registrationId: string, sessionId: string, slotId: string) =>
      request('POST', `/api/me/registrations/${registrationId}/move`, registrationSchema, {
        body: { sessionId, slotId },
      }),
    cancelAppointment: (registrationId: string) =>
      request('POST', `/api/me/registrations/${registrationId}/cancel-appointment`, registrationSchema),
    reportReaction: (personId: string, input: z.input<typeof reactionReportSchema>) =>
      request('POST', `/api/me/household/members/${personId}/reactions`, null, { body: input }),
    memberReactions: (personId: string) =>
      request('GET', `/api/me/household/members/${personId}/reactions`, aefiListSchema),
    recordAefi: (input: z.input<typeof aefiRecordSchema>) =>
      request('POST', '/api/staff/aefi', aefiSchema, { body: input }),
    registerWalkIn: (personId: string, input: z.input<typeof registrationCreateSchema>) =>
      request('POST', `/api/staff/people/${personId}/registrations`, registrationSchema, { body: input }),
    createSession: (input: z.input<typeof sessionCreateSchema>) =>
      request('POST', '/api/staff/sessions', sessionSchema, { body: input }),
    scheduleSession: (id: string) =>
      request('POST', `/api/staff/sessions/${id}/schedule`, null) as Promise<{ placed: number }>,
  };
}
