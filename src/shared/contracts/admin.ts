import { z } from 'zod';
import { endpoint } from '../api/endpoint.ts';
import {
  apiKeyCreatedSchema,
  apiKeyCreateSchema,
  apiKeyExpireSchema,
  apiKeyListSchema,
  auditPageSchema,
  auditQuery,
  staffCreatedSchema,
  staffCreateSchema,
  staffUserPageSchema,
} from '../schemas/accounts.ts';
import { paginationQuery } from '../schemas/common.ts';

const tags = ['admin'];
const idParams = z.object({ id: z.uuid() });

/** Administration: staff users, API keys and the audit trail. */
export const admin = {
  users: endpoint({
    method: 'GET',
    path: '/api/admin/users',
    policy: 'staff:users.manage',
    tags,
    summary: 'Staff users',
    query: paginationQuery,
    responses: { 200: staffUserPageSchema },
    errors: [],
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/admin/users',
    policy: 'staff:users.manage',
    tags,
    summary: 'Create a staff user; the generated password is shown once',
    body: staffCreateSchema,
    responses: { 201: staffCreatedSchema },
    errors: ['username_taken', 'not_found'],
  }),
  disableUser: endpoint({
    method: 'POST',
    path: '/api/admin/users/:id/disable',
    policy: 'staff:users.manage',
    tags,
    summary: 'Disable a staff user',
    params: idParams,
    responses: { 204: null },
    errors: ['not_found'],
  }),
  enableUser: endpoint({
    method: 'POST',
    path: '/api/admin/users/:id/enable',
    policy: 'staff:users.manage',
    tags,
    summary: 'Enable a staff user',
    params: idParams,
    responses: { 204: null },
    errors: ['not_found'],
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/admin/users/:id/reset-password',
    policy: 'staff:users.manage',
    tags,
    summary: 'Set a new generated password (shown once)',
    params: idParams,
    responses: { 200: z.object({ password: z.string() }) },
    errors: ['not_found'],
  }),
  audit: endpoint({
    method: 'GET',
    path: '/api/admin/audit',
    policy: 'staff:audit.read',
    tags,
    summary: 'The audit trail, newest first',
    query: auditQuery,
    responses: { 200: auditPageSchema },
    errors: [],
  }),
  createApiKey: endpoint({
    method: 'POST',
    path: '/api/admin/api-keys',
    policy: 'staff:api_keys.manage',
    tags,
    summary:
      "Create an API key for a facility's own software (shown once; it records doses as that facility)",
    description:
      'The key acts as the `facility_api` principal: it records doses (`POST /api/staff/doses/batch`) and tallies for its facility and reads the doses it recorded (`GET /api/staff/doses/recorded-by-key`); nothing else. Every key expires (default 365 days, at most 730).',
    body: apiKeyCreateSchema,
    responses: { 201: apiKeyCreatedSchema },
    errors: ['not_found'],
  }),
  apiKeys: endpoint({
    method: 'GET',
    path: '/api/admin/api-keys',
    policy: 'staff:api_keys.manage',
    tags,
    summary: 'API keys (never the secrets), with state, expiry and last use',
    responses: { 200: apiKeyListSchema },
    errors: [],
  }),
  expireApiKey: endpoint({
    method: 'POST',
    path: '/api/admin/api-keys/:id/expire',
    policy: 'staff:api_keys.manage',
    tags,
    summary: 'Bring a key’s expiry forward (to now, or to a later moment before its current expiry)',
    params: idParams,
    body: apiKeyExpireSchema.optional(),
    responses: { 204: null },
    errors: ['not_found'],
  }),
  revokeApiKey: endpoint({
    method: 'POST',
    path: '/api/admin/api-keys/:id/revoke',
    policy: 'staff:api_keys.manage',
    tags,
    summary: 'Revoke an API key at once',
    params: idParams,
    responses: { 204: null },
    errors: ['not_found'],
  }),
};
