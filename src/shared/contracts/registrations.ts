import { endpoint } from '../api/endpoint.ts';
import { memberParams } from '../schemas/households.ts';
import { personIdParams } from '../schemas/people.ts';
import {
  campaignCreateSchema,
  campaignListSchema,
  campaignSchema,
  registrationCreateSchema,
  registrationIdParams,
  registrationListSchema,
  registrationSchema,
  registrationUpdateSchema,
} from '../schemas/registrations.ts';

const tags = ['registrations'];

/** Campaigns and registrations for vaccination. */
export const registrations = {
  campaigns: endpoint({
    method: 'GET',
    path: '/api/campaigns',
    policy: 'public',
    tags,
    summary: 'Vaccination campaigns',
    responses: { 200: campaignListSchema },
    errors: [],
  }),
  createCampaign: endpoint({
    method: 'POST',
    path: '/api/admin/campaigns',
    policy: 'staff:campaigns.manage',
    tags,
    summary: 'Create a campaign (vaccines, ages, priority-group set)',
    body: campaignCreateSchema,
    responses: { 201: campaignSchema },
    errors: [],
  }),
  registerMember: endpoint({
    method: 'POST',
    path: '/api/me/household/members/:personId/registrations',
    policy: 'citizen',
    tags,
    summary: 'Register a household member (eligibility checked: age, next dose due, screening answers)',
    params: memberParams,
    body: registrationCreateSchema,
    responses: { 201: registrationSchema },
    errors: ['not_found', 'not_eligible', 'registration_open'],
  }),
  mine: endpoint({
    method: 'GET',
    path: '/api/me/registrations',
    policy: 'citizen',
    tags,
    summary: "My household's registrations",
    responses: { 200: registrationListSchema },
    errors: [],
  }),
  change: endpoint({
    method: 'PATCH',
    path: '/api/me/registrations/:id',
    policy: 'citizen',
    tags,
    summary: 'Change a pending registration',
    params: registrationIdParams,
    body: registrationUpdateSchema,
    responses: { 200: registrationSchema },
    errors: ['not_found', 'not_eligible', 'registration_closed'],
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/me/registrations/:id/cancel',
    policy: 'citizen',
    tags,
    summary: 'Cancel a pending registration',
    params: registrationIdParams,
    responses: { 200: registrationSchema },
    errors: ['not_found', 'registration_closed'],
  }),
  registerWalkIn: endpoint({
    method: 'POST',
    path: '/api/staff/people/:id/registrations',
    policy: 'staff:people.write',
    tags,
    summary: 'Register a walk-in',
    params: personIdParams,
    body: registrationCreateSchema,
    responses: { 201: registrationSchema },
    errors: ['not_found', 'not_eligible', 'registration_open'],
  }),
};
