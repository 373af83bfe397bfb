import type { z } from 'zod';
import type { Requester } from './api-client-vaccination.ts';
import { type lotCreateSchema, lotSchema, type movementCreateSchema, stockSchema } from './schemas/doses.ts';
import { aefiListSchema, alertListSchema, alertSchema } from './schemas/reactions.ts';

/** The managers' dashboard and the site's stock: stock by site, AEFI and alerts. */
export function managerEndpoints(request: Requester) {
  return {
    stock: (query: { facilityId?: string } = {}) =>
      request('GET', '/api/staff/stock', stockSchema, { query }),
    createLot: (input: z.input<typeof lotCreateSchema>) =>
      request('POST', '/api/staff/lots', lotSchema, { body: input }),
    recordMovement: (input: z.input<typeof movementCreateSchema>) =>
      request('POST', '/api/staff/stock/movements', null, { body: input }) as Promise<{ recorded: boolean }>,
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
