import type { z } from 'zod';
import {
  aefiListSchema,
  type aefiRecordSchema,
  aefiSchema,
  type reactionReportSchema,
} from './schemas/reactions.ts';
import {
  dayListSchema,
  dischargedSchema,
  observationSchema,
  type screeningCreateSchema,
  screeningSchema,
  type visitBatchItemSchema,
  visitBatchResultSchema,
} from './schemas/visits.ts';

type Query = Record<string, string | number | boolean | undefined>;
/** The request function of the API client (see api-client.ts). */
export type Requester = <S extends z.ZodType>(
  method: string,
  path: string,
  schema: S | null,
  init?: { query?: Query; body?: unknown },
) => Promise<z.infer<S>>;

/** The vaccination loop's endpoints: the vaccination day, reactions. */
export function vaccinationEndpoints(request: Requester) {
  return {
    reportReaction: (personId: string, input: z.input<typeof reactionReportSchema>) =>
      request('POST', `/api/me/household/members/${personId}/reactions`, null, { body: input }),
    memberReactions: (personId: string) =>
      request('GET', `/api/me/household/members/${personId}/reactions`, aefiListSchema),
    recordAefi: (input: z.input<typeof aefiRecordSchema>) =>
      request('POST', '/api/staff/aefi', aefiSchema, { body: input }),
    dayList: (query: { facilityId?: string; date?: string } = {}) =>
      request('GET', '/api/staff/day-list', dayListSchema, { query }),
    checkIn: (registrationId: string) =>
      request('POST', `/api/staff/registrations/${registrationId}/check-in`, null, { body: {} }),
    screen: (registrationId: string, input: z.input<typeof screeningCreateSchema>) =>
      request('POST', `/api/staff/registrations/${registrationId}/screening`, screeningSchema, {
        body: input,
      }),
    syncVisits: (items: z.input<typeof visitBatchItemSchema>[]) =>
      request('POST', '/api/staff/visits/batch', visitBatchResultSchema, { body: { items } }),
    observation: (facilityId?: string) =>
      request('GET', '/api/staff/observation', observationSchema, { query: { facilityId } }),
    discharge: (doseId: string) => request('POST', `/api/staff/doses/${doseId}/discharge`, dischargedSchema),
  };
}
