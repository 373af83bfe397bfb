import { z } from 'zod';
import { endpoint } from '../api/endpoint.ts';
import { isoDate } from '../schemas/common.ts';
import {
  bookSchema,
  moveSchema,
  registrationIdParams,
  registrationSchema,
  scheduleResultSchema,
  sessionCreateSchema,
  sessionListSchema,
  sessionOverviewQuery,
  sessionOverviewSchema,
  sessionSchema,
  sessionSlotsSchema,
} from '../schemas/registrations.ts';

const tags = ['registrations'];
const idParams = z.object({ id: z.uuid() });

/** Vaccination sessions: creation, the list with seats left, scheduling and citizen booking. */
export const vaccinationSessions = {
  upcoming: endpoint({
    method: 'GET',
    path: '/api/sessions',
    policy: 'public',
    tags,
    summary: 'Upcoming vaccination sessions with seats taken',
    query: z.object({ from: isoDate.optional() }),
    responses: { 200: sessionListSchema },
    errors: [],
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/staff/sessions',
    policy: 'staff:sessions.manage',
    tags,
    summary: 'Create a vaccination session (facility, date, vaccine, capacity, time slots)',
    body: sessionCreateSchema,
    responses: { 201: sessionSchema },
    errors: ['not_found'],
  }),
  overview: endpoint({
    method: 'GET',
    path: '/api/staff/sessions',
    policy: 'staff:sessions.manage',
    tags,
    summary:
      'Sessions in your jurisdiction between two days with capacity, booked, checked-in and vaccinated counts',
    query: sessionOverviewQuery,
    responses: { 200: sessionOverviewSchema },
    errors: [],
  }),
  schedule: endpoint({
    method: 'POST',
    path: '/api/staff/sessions/:id/schedule',
    policy: 'staff:sessions.manage',
    tags,
    summary: 'Schedule pending registrations into the session by priority group, then registration time',
    params: idParams,
    responses: { 200: scheduleResultSchema },
    errors: ['not_found'],
  }),
  slots: endpoint({
    method: 'GET',
    path: '/api/sessions/:id/slots',
    policy: 'public',
    tags,
    summary: "A session's time slots with their free seats",
    params: idParams,
    responses: { 200: sessionSlotsSchema },
    errors: ['not_found'],
  }),
  book: endpoint({
    method: 'POST',
    path: '/api/me/registrations/:id/book',
    policy: 'citizen',
    tags,
    summary: "Book a pending registration into a session's time slot with seats left",
    description:
      "Give `slotId` (one of the session's, from `GET /api/sessions/{id}/slots`) to choose the time; without it the least-filled slot is taken. " +
      'Answers 409 `slot_full` when the slot has no seat left, `session_full` when the session has none. ' +
      'Idempotent: the same booking again (a retry) answers 200 with nothing booked twice.',
    params: registrationIdParams,
    body: bookSchema,
    responses: { 200: sessionSchema },
    errors: ['not_found', 'registration_closed', 'session_full', 'slot_full', 'session_not_suitable'],
  }),
  move: endpoint({
    method: 'POST',
    path: '/api/me/registrations/:id/move',
    policy: 'citizen',
    tags,
    summary: 'Move an appointment to another time slot (of the same or another session)',
    description:
      'Atomic: the old seat is given back only if the new one is taken; 409 `slot_full` (or `session_full`) changes nothing. ' +
      'Moving to the slot already held answers 200 and changes nothing.',
    params: registrationIdParams,
    body: moveSchema,
    responses: { 200: registrationSchema },
    errors: [
      'not_found',
      'registration_closed',
      'registration_not_scheduled',
      'session_full',
      'slot_full',
      'session_not_suitable',
    ],
  }),
  cancelAppointment: endpoint({
    method: 'POST',
    path: '/api/me/registrations/:id/cancel-appointment',
    policy: 'citizen',
    tags,
    summary: 'Cancel an appointment: its seat is freed and the registration waits again (pending)',
    params: registrationIdParams,
    responses: { 200: registrationSchema },
    errors: ['not_found', 'registration_closed'],
  }),
};
