import type { Requester } from './api-client-vaccination.ts';
import { aefiListSchema, alertListSchema, alertSchema } from './schemas/reactions.ts';
import { sessionOverviewSchema } from './schemas/registrations.ts';

/** The managers' dashboard: sessions overview, AEFI and alerts. */
export function managerEndpoints(request: Requester) {
  return {
    sessionsOverview: (query: { from?: string; to?: string } = {}) =>
      request('GET', '/api/staff/sessions', sessionOverviewSchema, { query }),
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
