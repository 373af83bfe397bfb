import type { Requester } from './api-client-vaccination.ts';
import { aefiListSchema, alertListSchema, alertSchema } from './schemas/reactions.ts';

/** TODO(issue 13): AEFI and alerts, until the web app calls `api.reactions`. */
export function managerEndpoints(request: Requester) {
  return {
    aefiList: (query: { serious?: boolean; from?: string; to?: string } = {}) =>
      request('GET', '/api/staff/aefi', aefiListSchema, {
        query: { ...query, serious: query.serious ? 'true' : undefined },
      }),
    alerts: (query: { open?: boolean } = {}) =>
      request('GET', '/api/staff/alerts', alertListSchema, {
        query: { open: query.open ? 'true' : undefined },
      }),
    acknowledgeAlert: (id: string) => request('POST', `/api/staff/alerts/${id}/acknowledge`, alertSchema),
  };
}
