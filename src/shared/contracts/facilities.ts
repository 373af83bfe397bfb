import { endpoint } from '../api/endpoint.ts';
import { facilityPageSchema, facilitySearchQuery } from '../schemas/places.ts';

/** Facilities within a staff member's reach (no personal data: not audited). */
export const facilities = {
  search: endpoint({
    method: 'GET',
    path: '/api/staff/facilities',
    policy: 'staff:facilities.read',
    tags: ['places'],
    summary: 'Facilities within reach, by name or code',
    description:
      'National staff see every facility, a province or commune manager those of the unit, site staff ' +
      'their own. `q` ignores accents and case: `tram y te hai chau` finds `Trạm Y tế phường Hải Châu`.',
    query: facilitySearchQuery,
    responses: { 200: facilityPageSchema },
    errors: [],
  }),
};
