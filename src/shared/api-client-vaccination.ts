import type { z } from 'zod';
import {
  aefiListSchema,
  type aefiRecordSchema,
  aefiSchema,
  type reactionReportSchema,
} from './schemas/reactions.ts';

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
  };
}
