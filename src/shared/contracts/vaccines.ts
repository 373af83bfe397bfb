import { endpoint } from '../api/endpoint.ts';
import {
  priorityGroupSetListSchema,
  vaccineListSchema,
  valueSetIdParams,
  valueSetListSchema,
  valueSetSchema,
} from '../schemas/vaccines.ts';

const tags = ['vaccines'];

/** Public reference routes: vaccine catalogue, EU DCC value sets, priority groups. */
export const vaccines = {
  list: endpoint({
    method: 'GET',
    path: '/api/vaccines',
    policy: 'public',
    tags,
    summary: 'Vaccine catalogue (EU DCC codes, doses in series, intervals, mixing)',
    responses: { 200: vaccineListSchema },
    errors: [],
  }),
  valueSets: endpoint({
    method: 'GET',
    path: '/api/eu-dcc/value-sets',
    policy: 'public',
    tags,
    summary: 'EU DCC value sets loaded',
    responses: { 200: valueSetListSchema },
    errors: [],
  }),
  valueSet: endpoint({
    method: 'GET',
    path: '/api/eu-dcc/value-sets/:id',
    policy: 'public',
    tags,
    summary: 'One EU DCC value set',
    params: valueSetIdParams,
    responses: { 200: valueSetSchema },
    errors: ['not_found'],
  }),
  priorityGroupSets: endpoint({
    method: 'GET',
    path: '/api/priority-group-sets',
    policy: 'public',
    tags,
    summary: 'Priority-group code tables (versioned, chosen per campaign)',
    responses: { 200: priorityGroupSetListSchema },
    errors: [],
  }),
};
