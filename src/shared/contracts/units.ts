import { endpoint } from '../api/endpoint.ts';
import { unitDetailSchema, unitIdParams, unitPageSchema, unitSearchQuery } from '../schemas/places.ts';

const tags = ['places'];

/** Public reference routes for administrative units (no personal data). */
export const units = {
  search: endpoint({
    method: 'GET',
    path: '/api/units',
    policy: 'public',
    tags,
    summary: 'Search administrative units',
    description:
      'Name search ignores accents and case (`ha noi` finds `Thành phố Hà Nội`); digits search codes.',
    query: unitSearchQuery,
    responses: { 200: unitPageSchema },
    errors: [],
  }),
  unit: endpoint({
    method: 'GET',
    path: '/api/units/:id',
    policy: 'public',
    tags,
    summary: 'One administrative unit with its old→new mapping',
    params: unitIdParams,
    responses: { 200: unitDetailSchema },
    errors: ['not_found'],
  }),
};
