import { z } from 'zod';
import { endpoint } from '../api/endpoint.ts';
import { memberParams } from '../schemas/households.ts';
import {
  aefiListQuery,
  aefiListSchema,
  aefiRecordSchema,
  aefiSchema,
  alertListQuery,
  alertListSchema,
  alertSchema,
  reactionReportSchema,
} from '../schemas/reactions.ts';

const tags = ['reactions'];

/** Reactions after vaccination: citizen reports, staff AEFI records, serious-event alerts. */
export const reactions = {
  report: endpoint({
    method: 'POST',
    path: '/api/me/household/members/:personId/reactions',
    policy: 'citizen',
    tags,
    summary: "Report a member's reaction after a dose",
    params: memberParams,
    body: reactionReportSchema,
    responses: { 201: aefiSchema },
    errors: ['not_found'],
  }),
  memberReactions: endpoint({
    method: 'GET',
    path: '/api/me/household/members/:personId/reactions',
    policy: 'citizen',
    tags,
    summary: "A member's reaction reports",
    params: memberParams,
    responses: { 200: aefiListSchema },
    errors: ['not_found'],
  }),
  recordAefi: endpoint({
    method: 'POST',
    path: '/api/staff/aefi',
    policy: 'staff:aefi.record',
    tags,
    summary: 'Record an AEFI on the WHO core fields; a serious one alerts the commune and province at once',
    body: aefiRecordSchema,
    responses: { 201: aefiSchema },
    errors: ['not_found'],
  }),
  listAefi: endpoint({
    method: 'GET',
    path: '/api/staff/aefi',
    policy: 'staff:aefi.read',
    tags,
    summary: 'AEFI reports in your jurisdiction, serious ones only or reported between two days on request',
    query: aefiListQuery,
    responses: { 200: aefiListSchema },
    errors: [],
  }),
  alerts: endpoint({
    method: 'GET',
    path: '/api/staff/alerts',
    policy: 'staff:alerts.read',
    tags,
    summary: "Alerts on your unit's dashboard (serious AEFI)",
    query: alertListQuery,
    responses: { 200: alertListSchema },
    errors: [],
  }),
  acknowledgeAlert: endpoint({
    method: 'POST',
    path: '/api/staff/alerts/:id/acknowledge',
    policy: 'staff:alerts.read',
    tags,
    summary: "Acknowledge an alert on your unit's dashboard (idempotent)",
    params: z.object({ id: z.uuid() }),
    responses: { 200: alertSchema },
    errors: ['not_found'],
  }),
};
