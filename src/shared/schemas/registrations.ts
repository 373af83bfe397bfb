import { z } from 'zod';
import { SCREENING_QUESTIONS } from '../rules/eligibility.ts';
import { isoDate } from './common.ts';

export const screeningSchema = z.object(
  Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q, z.boolean()])) as Record<
    (typeof SCREENING_QUESTIONS)[number],
    z.ZodBoolean
  >,
);

export const campaignCreateSchema = z.object({
  code: z.string().regex(/^[A-Z0-9-]{3,30}$/),
  nameVi: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200),
  priorityGroupSet: z.string().min(1).max(40),
  vaccineCodes: z.array(z.string().min(1).max(20)).min(1).max(20),
  minAge: z.number().int().min(0).max(120).default(18),
  maxAge: z.number().int().min(0).max(120).nullable().default(null),
  startsOn: isoDate,
  endsOn: isoDate.nullable().default(null),
});

export const campaignSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.object({ vi: z.string(), en: z.string() }),
  priorityGroupSet: z.string(),
  vaccineCodes: z.array(z.string()),
  minAge: z.number().int(),
  maxAge: z.number().int().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});
export const campaignListSchema = z.object({ items: z.array(campaignSchema) });

export const registrationCreateSchema = z.object({
  campaignId: z.uuid(),
  priorityGroup: z.string().max(10).optional(),
  preferredUnitId: z
    .string()
    .regex(/^2025-\d{5}$/)
    .optional(),
  preferredFacilityId: z.uuid().optional(),
  preferredFrom: isoDate.optional(),
  preferredTo: isoDate.optional(),
  screening: screeningSchema,
});

export const registrationUpdateSchema = registrationCreateSchema.omit({ campaignId: true }).partial();

export const registrationSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  personId: z.string(),
  personName: z.string(),
  priorityGroup: z.string().nullable(),
  preferredUnitId: z.string().nullable(),
  preferredFacilityId: z.string().nullable(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  state: z.enum(['pending', 'scheduled', 'checked_in', 'vaccinated', 'deferred', 'cancelled']),
  source: z.enum(['citizen', 'walk_in']),
  notes: z.array(z.object({ code: z.string(), messages: z.object({ vi: z.string(), en: z.string() }) })),
  /** Where and when, once scheduled into a session. */
  appointment: z
    .object({
      sessionId: z.string(),
      date: z.string(),
      slot: z.string().nullable(),
      /** The session slot held (null only for appointments made before slots existed without one). */
      slotId: z.string().nullable(),
      vaccineCode: z.string(),
      facilityName: z.string(),
      address: z.string().nullable(),
    })
    .nullable(),
  /**
   * While pending or scheduled, the person's next dose as the status engine sees it: only sessions on or after
   * `earliest` with a vaccine in `options` can be booked (null: no dose yet, any session will do).
   */
  nextDose: z
    .object({
      number: z.number().int(),
      earliest: z.string(),
      minDays: z.number().int(),
      after: z.string(),
      options: z.array(z.string()),
    })
    .nullable(),
  createdAt: z.string(),
});
export const registrationListSchema = z.object({ items: z.array(registrationSchema) });
export const registrationIdParams = z.object({ id: z.uuid() });

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/**
 * A new session. Its time slots come from `startTime`–`endTime` cut into `slotMinutes` (default 30),
 * or from `slots` labels, or it gets one slot for the whole session. Each slot has `slotCapacity`
 * seats (default: `capacity` shared out evenly); `capacity` defaults to the slots' seats added up.
 */
export const sessionCreateSchema = z.object({
  facilityId: z.uuid(),
  campaignId: z.uuid(),
  date: isoDate,
  vaccineCode: z.string().min(1).max(20),
  capacity: z.number().int().min(1).max(5000).optional(),
  slots: z
    .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/))
    .max(48)
    .default([]),
  startTime: timeOfDay.optional().describe('First slot starts (HH:MM)'),
  endTime: timeOfDay.optional().describe('Last slot ends (HH:MM)'),
  slotMinutes: z.number().int().min(5).max(480).optional().describe('Length of a slot (default 30)'),
  slotCapacity: z.number().int().min(1).max(1000).optional().describe('Seats per slot'),
});

export const sessionSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  campaignId: z.string(),
  date: z.string(),
  vaccineCode: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  slots: z.array(z.string()),
});
export const sessionListSchema = z.object({ items: z.array(sessionSchema) });
/** What a scheduling run did: how many registrations it placed, and the session after it. */
export const scheduleResultSchema = z.object({ placed: z.number().int(), session: sessionSchema });

/** A time slot of a session with its seats. */
export const slotSchema = z.object({
  id: z.string(),
  /** 'HH:MM', or null (with `end`) for the one slot of a session without time slots. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** '07:30-08:00', or null for a whole-session slot: what the day list and the appointment show. */
  label: z.string().nullable(),
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
});
export const sessionSlotsSchema = z.object({ session: sessionSchema, items: z.array(slotSchema) });
export type Slot = z.infer<typeof slotSchema>;

/** Book a pending registration: a session and (optional: the least-filled one) a slot of it. */
export const bookSchema = z.object({ sessionId: z.uuid(), slotId: z.uuid().optional() });
/** Move an appointment to a slot of the same or another session of the campaign. */
export const moveSchema = z.object({ sessionId: z.uuid(), slotId: z.uuid() });

/** The managers' sessions overview: a date range (at most 92 days; defaults around today). */
export const sessionOverviewQuery = z.object({
  from: isoDate.optional().describe('First day (default: 7 days ago)'),
  to: isoDate.optional().describe('Last day (default: 7 days ahead)'),
});

export const sessionOverviewItemSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  unitName: z.string(),
  date: z.string(),
  vaccineCode: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  /** Registrations of the session checked in (or already vaccinated). */
  checkedIn: z.number().int(),
  /** Doses of the session's vaccine recorded at its facility on its date. */
  vaccinated: z.number().int(),
});
const sessionCounts = z.object({
  capacity: z.number().int(),
  booked: z.number().int(),
  checkedIn: z.number().int(),
  vaccinated: z.number().int(),
});
export const sessionOverviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(sessionOverviewItemSchema),
  /** The same counts added up per day (every day of the range that has a session). */
  days: z.array(sessionCounts.extend({ date: z.string(), sessions: z.number().int() })),
  totals: sessionCounts.extend({ sessions: z.number().int() }),
});
