import { endpoint } from '../api/endpoint.ts';
import {
  lotCreateSchema,
  lotListQuery,
  lotListSchema,
  lotSchema,
  movementCreateSchema,
  movementRecordedSchema,
  stockQuery,
  stockSchema,
} from '../schemas/doses.ts';

const tags = ['stock'];

/** Vaccine lots and stock movements; levels are computed from movements. */
export const stock = {
  lots: endpoint({
    method: 'GET',
    path: '/api/staff/lots',
    policy: 'staff:stock.read',
    tags,
    summary: 'Vaccine lots',
    query: lotListQuery,
    responses: { 200: lotListSchema },
    errors: [],
  }),
  createLot: endpoint({
    method: 'POST',
    path: '/api/staff/lots',
    policy: 'staff:stock.manage',
    tags,
    summary: 'Register a lot (idempotent on vaccine + lot number)',
    body: lotCreateSchema,
    responses: { 201: lotSchema },
    errors: [],
  }),
  recordMovement: endpoint({
    method: 'POST',
    path: '/api/staff/stock/movements',
    policy: 'staff:stock.manage',
    tags,
    summary: 'Record a receipt, allocation, wastage or return (idempotent on the client-chosen id)',
    body: movementCreateSchema,
    responses: { 201: movementRecordedSchema },
    errors: ['not_found', 'stock_insufficient'],
  }),
  levels: endpoint({
    method: 'GET',
    path: '/api/staff/stock',
    policy: 'staff:stock.manage',
    tags,
    summary:
      'Stock per holder (facility or store) and lot within your reach, with expiry warnings and totals',
    query: stockQuery,
    responses: { 200: stockSchema },
    errors: ['not_found'],
  }),
};
