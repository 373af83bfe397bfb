import { z } from 'zod';
import { endpoint } from '../api/endpoint.ts';
import {
  checkInSchema,
  dayListQuery,
  dayListSchema,
  dischargedSchema,
  observationSchema,
  screeningCreateSchema,
  screeningSchema,
  visitBatchResultSchema,
  visitBatchSchema,
} from '../schemas/visits.ts';

const tags = ['vaccination day'];
const idParams = z.object({ id: z.uuid() });

/** The vaccination day at a site: day list, check-in, screening, observation after the dose. */
export const visits = {
  dayList: endpoint({
    method: 'GET',
    path: '/api/staff/day-list',
    policy: 'staff:people.read',
    tags,
    summary: "A facility's day list: people scheduled that day and walk-ins, with screening and dose",
    query: dayListQuery,
    responses: { 200: dayListSchema },
    errors: ['not_found'],
  }),
  checkIn: endpoint({
    method: 'POST',
    path: '/api/staff/registrations/:id/check-in',
    policy: 'staff:visits.run',
    tags,
    summary: 'Check a person in at the site today (scheduled here today, or a pending walk-in)',
    params: idParams,
    body: checkInSchema,
    responses: { 200: z.object({ registrationId: z.string(), state: z.literal('checked_in') }) },
    errors: ['not_found', 'wrong_day', 'registration_closed', 'registration_changed'],
  }),
  screen: endpoint({
    method: 'POST',
    path: '/api/staff/registrations/:id/screening',
    policy: 'staff:visits.run',
    tags,
    summary: 'Record the Decision 5785 screening; the server suggests the outcome, the doctor decides',
    params: idParams,
    body: screeningCreateSchema,
    responses: { 200: screeningSchema },
    errors: ['not_found', 'not_checked_in', 'screening_id_reused', 'override_required'],
  }),
  batch: endpoint({
    method: 'POST',
    path: '/api/staff/visits/batch',
    policy: 'staff:visits.run',
    tags,
    summary: 'Send a day entered without a network: check-ins, screenings and doses, one result each',
    description:
      "The site screen sends what it queued offline, in the order it was done. Each step is checked like its own route and is idempotent (a resend answers `already_recorded`); a dose number the person already has is a `conflict`; a refused step (e.g. the registration was cancelled meanwhile) refuses that person's later steps in the batch (`blocked`), other people's steps go on.",
    body: visitBatchSchema,
    responses: { 200: visitBatchResultSchema },
    errors: [],
  }),
  observation: endpoint({
    method: 'GET',
    path: '/api/staff/observation',
    policy: 'staff:people.read',
    tags,
    summary: 'People vaccinated at the facility in the last 30 minutes, still under observation',
    query: z.object({ facilityId: z.uuid().optional() }),
    responses: { 200: observationSchema },
    errors: ['not_found'],
  }),
  discharge: endpoint({
    method: 'POST',
    path: '/api/staff/doses/:id/discharge',
    policy: 'staff:visits.run',
    tags,
    summary: 'End the observation after a dose at your site ("Cho về"); a second call changes nothing',
    params: idParams,
    responses: { 200: dischargedSchema },
    errors: ['not_found'],
  }),
};
