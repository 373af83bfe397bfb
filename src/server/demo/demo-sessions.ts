import { randomUUID } from 'node:crypto';
import { addDays, ageOn } from '../../shared/rules/dates.ts';
import { registrationEligibility, type ScreeningAnswers } from '../../shared/rules/eligibility.ts';
import type { VaccinationStatus } from '../../shared/rules/vaccination-status.ts';
import type { RegistrationState } from '../db/schema.ts';
import type { DemoPerson } from './demo-histories.ts';
import type { Random } from './random.ts';

/** A demo facility that runs sessions. */
export interface DemoFacility {
  id: string;
  unitId: string;
  name: string;
  /** The demo staff member who works there (checks people in), if any. */
  staffId: string | null;
}

export interface SessionRow extends Record<string, unknown> {
  id: string;
  facility_id: string;
  campaign_id: string;
  session_date: string;
  vaccine_code: string;
  capacity: number;
  booked: number;
  slots: string[];
  created_by: string | null;
  created_at: Date;
}

export interface RegistrationRow extends Record<string, unknown> {
  id: string;
  campaign_id: string;
  person_id: string;
  priority_group: string | null;
  preferred_unit_id: string | null;
  preferred_facility_id: string | null;
  preferred_from?: string | null;
  screening: ScreeningAnswers;
  state: RegistrationState;
  source: 'citizen' | 'walk_in';
  account_id: string | null;
  staff_id: string | null;
  session_id: string | null;
  slot: string | null;
  visit_facility_id: string | null;
  visit_date: string | null;
  checked_in_at: Date | null;
  checked_in_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A dose given in a demo session (past days, and today's vaccinated). */
export interface SessionDose {
  personId: string;
  vaccineCode: string;
  date: string;
  givenAt: Date;
  facilityId: string;
  registrationId: string;
}

export interface SessionPlan {
  sessions: SessionRow[];
  registrations: RegistrationRow[];
  doses: SessionDose[];
  /** People scheduled at a facility outside their commune: linked so its staff can find them. */
  links: { personId: string; facilityId: string }[];
  /** Household members given an appointment (the citizen's inbox says so). */
  appointments: { accountId: string; personId: string; session: SessionRow; slot: string | null }[];
}

export interface SessionPlanInput {
  random: Random;
  today: string;
  now: Date;
  campaign: { id: string; minAge: number; maxAge: number | null };
  /** The demo site (health station) and clinic of the first commune, and a few other stations. */
  site: DemoFacility;
  clinic: DemoFacility | null;
  others: DemoFacility[];
  /** People who may be registered, in a stable order (demo households excluded). */
  pool: DemoPerson[];
  households: { accountId: string; members: DemoPerson[] }[];
  /** The status of a person from their history (before any session dose). */
  statusOf: (personId: string) => Pick<VaccinationStatus, 'state' | 'nextDose'>;
}

const FULL_DAY = ['07:30-09:00', '09:00-10:30', '10:30-12:00', '13:30-15:00', '15:00-16:30'];
const MORNING = ['07:30-09:30', '09:30-11:30'];
const AFTERNOON = ['13:30-15:30', '15:30-17:00'];

const at = (date: string, hhmm: string, minutes = 0) =>
  new Date(new Date(`${date}T${hhmm}:00+07:00`).getTime() + minutes * 60_000);
const notAfter = (a: Date, b: Date) => (a < b ? a : b);

/**
 * Sessions from a week ago to two weeks ahead at the demo site, the demo clinic and a few other
 * stations, with registrations placed in them the way scheduling does (booked = the registrations a
 * session holds, seat n in slot n mod slots): past sessions vaccinated; today at the site some
 * vaccinated, some checked in, one deferred, the rest expected; the clinic's session today full; one
 * appointment per demo household; pending registrations and one cancelled. Every person placed is
 * eligible (age, next dose due by the session day, the session's vaccine allowed for that dose).
 */
export function planSessions(input: SessionPlanInput): SessionPlan {
  const { random, today, now, campaign } = input;
  const plan: SessionPlan = { sessions: [], registrations: [], doses: [], links: [], appointments: [] };
  const used = new Set<string>();
  const status = new Map<string, Pick<VaccinationStatus, 'state' | 'nextDose'>>();
  const statusOf = (id: string) => {
    if (!status.has(id)) status.set(id, input.statusOf(id));
    return status.get(id)!;
  };
  const eligible = (p: DemoPerson, date: string, vaccine: string) => {
    const s = statusOf(p.id);
    const age = ageOn(p.birthDate, today);
    if (age < Math.max(campaign.minAge, 18)) return false;
    const result = registrationEligibility({
      birthDate: p.birthDate,
      today,
      minAge: campaign.minAge,
      maxAge: campaign.maxAge,
      status: s,
      screening: screening(null),
      latestDate: date,
    });
    return result.eligible && (!s.nextDose || s.nextDose.options.includes(vaccine));
  };
  const screening = (r: Random | null): ScreeningAnswers => ({
    anaphylaxisPreviousDose: false,
    covidWithin6Months: false,
    acuteIllness: false,
    pregnant: false,
    severeAllergy: r ? r.chance(0.08) : false,
    immunodeficiency: false,
    bleedingDisorder: r ? r.chance(0.04) : false,
  });
  const byUnit = new Map<string, DemoPerson[]>();
  for (const p of input.pool) {
    const list = byUnit.get(p.unitId);
    if (list) list.push(p);
    else byUnit.set(p.unitId, [p]);
  }
  const firstCommune = input.site.unitId;
  const candidates = (facility: DemoFacility) =>
    facility.unitId === firstCommune
      ? [...(byUnit.get(firstCommune) ?? []), ...input.pool.filter((p) => p.unitId !== firstCommune)]
      : (byUnit.get(facility.unitId) ?? []);

  const register = (
    person: DemoPerson,
    fields: Partial<RegistrationRow> & { state: RegistrationState; created_at: Date },
  ): RegistrationRow => {
    used.add(person.id);
    // Some came in person (registered by the site's staff), the others registered in the app.
    const walkIn = fields.account_id == null && Boolean(fields.staff_id) && random.chance(0.2);
    const row: RegistrationRow = {
      id: randomUUID(),
      campaign_id: campaign.id,
      person_id: person.id,
      priority_group: person.priorityGroup,
      preferred_unit_id: person.unitId,
      preferred_facility_id: null,
      screening: screening(random),
      source: walkIn ? 'walk_in' : 'citizen',
      account_id: null,
      staff_id: null,
      session_id: null,
      slot: null,
      visit_facility_id: null,
      visit_date: null,
      checked_in_at: null,
      checked_in_by: null,
      updated_at: fields.created_at,
      ...fields,
    };
    if (!walkIn) row.staff_id = null;
    plan.registrations.push(row);
    return row;
  };

  const addSession = (
    facility: DemoFacility,
    offset: number,
    vaccine: string,
    capacity: number,
    slots: string[],
  ) => {
    const date = addDays(today, offset);
    const session: SessionRow = {
      id: randomUUID(),
      facility_id: facility.id,
      campaign_id: campaign.id,
      session_date: date,
      vaccine_code: vaccine,
      capacity,
      booked: 0,
      slots,
      created_by: facility.staffId,
      created_at: at(addDays(date < today ? date : today, -random.int(14, 21)), '08:00'),
    };
    plan.sessions.push(session);
    return { session, facility };
  };

  /** Places one person in the next seat; the state and visit follow from the day and `state`. */
  const seat = (
    { session, facility }: { session: SessionRow; facility: DemoFacility },
    person: DemoPerson,
    state: RegistrationState,
    extra: Partial<RegistrationRow> = {},
  ) => {
    session.booked++;
    const slot = session.slots.length ? session.slots[(session.booked - 1) % session.slots.length] : null;
    const date = session.session_date;
    const created = notAfter(at(addDays(date < today ? date : today, -random.int(2, 12)), '10:00'), now);
    const visit = state !== 'scheduled';
    let checkedIn: Date | null = null;
    let givenAt: Date | null = null;
    const dayStart = at(date, '00:01');
    if (date < today) {
      givenAt = at(date, slot?.slice(0, 5) ?? '08:00', random.int(5, 80));
      checkedIn = new Date(givenAt.getTime() - random.int(10, 25) * 60_000);
    } else if (visit) {
      const minutesAgo =
        state === 'vaccinated' ? 6 + 11 * plan.doses.filter((d) => d.date === today).length : 0;
      givenAt =
        state === 'vaccinated'
          ? new Date(Math.max(now.getTime() - minutesAgo * 60_000, dayStart.getTime()))
          : null;
      checkedIn = new Date(
        Math.max((givenAt ?? now).getTime() - random.int(12, 40) * 60_000, dayStart.getTime() - 60_000),
      );
    }
    const row = register(person, {
      state,
      session_id: session.id,
      slot,
      preferred_facility_id: random.chance(0.5) ? facility.id : null,
      visit_facility_id: visit ? facility.id : null,
      visit_date: visit ? date : null,
      checked_in_at: checkedIn,
      checked_in_by: visit ? facility.staffId : null,
      staff_id: facility.staffId,
      created_at: created,
      updated_at: givenAt ?? checkedIn ?? new Date(created.getTime() + 86_400_000 * 0.5),
      ...extra,
    });
    if (person.unitId !== facility.unitId) plan.links.push({ personId: person.id, facilityId: facility.id });
    if (state === 'vaccinated' && givenAt)
      plan.doses.push({
        personId: person.id,
        vaccineCode: session.vaccine_code,
        date,
        givenAt,
        facilityId: facility.id,
        registrationId: row.id,
      });
    return row;
  };

  /** Fills a session with eligible people of the facility's commune (the site: of the province). */
  const fill = (
    target: { session: SessionRow; facility: DemoFacility },
    count: number,
    stateOf: (i: number) => RegistrationState,
  ) => {
    let i = 0;
    for (const person of candidates(target.facility)) {
      if (i >= count || target.session.booked >= target.session.capacity) break;
      if (used.has(person.id) || !eligible(person, target.session.session_date, target.session.vaccine_code))
        continue;
      seat(target, person, stateOf(i++));
    }
  };

  // Today first, so the site's day list is full even with few people: vaccinated, checked in, one deferred.
  const site = input.site;
  const siteToday = addSession(site, 0, 'PFIZER', 60, FULL_DAY);
  fill(siteToday, 14, (i) =>
    i < 4 ? 'vaccinated' : i < 7 ? 'checked_in' : i === 7 ? 'deferred' : 'scheduled',
  );
  const clinicSessions: ReturnType<typeof addSession>[] = [];
  if (input.clinic) {
    const clinicToday = addSession(input.clinic, 0, 'MODERNA', 12, MORNING);
    fill(clinicToday, 12, (i) => (i < 2 ? 'vaccinated' : i < 3 ? 'checked_in' : 'scheduled'));
    for (const offset of [-6, -3, -1, 2, 4, 7, 11])
      clinicSessions.push(addSession(input.clinic, offset, offset % 2 ? 'MODERNA' : 'PFIZER', 30, AFTERNOON));
  }
  const siteSessions = [-7, -5, -4, -3, -2, -1, 1, 2, 3, 5, 6, 8, 10, 12, 14].map((offset) =>
    addSession(site, offset, offset % 2 ? 'MODERNA' : 'PFIZER', random.pick([40, 60, 80]), FULL_DAY),
  );
  // Other stations hold sessions on other days (none today: the demo site and clinic are today's).
  const otherSessions = input.others.flatMap((facility) => {
    const sessions = [];
    for (let offset = -7 + random.int(0, 2); offset <= 14; offset += random.int(2, 4))
      if (offset !== 0)
        sessions.push(
          addSession(facility, offset, random.pick(['PFIZER', 'MODERNA']), random.pick([30, 50]), MORNING),
        );
    return sessions;
  });

  // One appointment per demo household, at the site, in the first session the member is due for.
  for (const household of input.households) {
    const match = siteSessions
      .filter((s) => s.session.session_date > today)
      .flatMap((s) => household.members.filter((m) => !used.has(m.id)).map((m) => ({ s, m })))
      .find(({ s, m }) => eligible(m, s.session.session_date, s.session.vaccine_code));
    if (!match) continue;
    const row = seat(match.s, match.m, 'scheduled', { account_id: household.accountId, source: 'citizen' });
    plan.appointments.push({
      accountId: household.accountId,
      personId: match.m.id,
      session: match.s.session,
      slot: row.slot,
    });
  }

  for (const target of [...siteSessions, ...clinicSessions, ...otherSessions]) {
    const { session } = target;
    const past = session.session_date < today;
    // The site's session tomorrow is fully booked; others take 20–90 % of their seats.
    const full = session.facility_id === site.id && session.session_date === addDays(today, 1);
    const share = full ? 1 : past ? 0.4 + random.next() * 0.5 : 0.2 + random.next() * 0.5;
    fill(target, Math.round(session.capacity * share) - session.booked, () =>
      past ? 'vaccinated' : 'scheduled',
    );
  }

  // Waiting to be scheduled: about 4 % of those left; and one registration cancelled by its citizen.
  const left = input.pool.filter((p) => !used.has(p.id) && eligible(p, addDays(today, 14), 'PFIZER'));
  for (const person of left.filter(() => random.chance(0.04)).slice(0, 400)) {
    const created = new Date(now.getTime() - random.int(1, 240) * 3600_000);
    register(person, {
      state: 'pending',
      preferred_from: random.chance(0.3) ? addDays(today, random.int(0, 5)) : null,
      created_at: created,
    });
  }
  const household = input.households[1] ?? input.households[0];
  const waiting = household?.members.find(
    (m) => !used.has(m.id) && eligible(m, addDays(today, 30), 'PFIZER'),
  );
  if (household && waiting)
    register(waiting, {
      state: 'pending',
      source: 'citizen',
      account_id: household.accountId,
      created_at: new Date(now.getTime() - 3 * 3600_000),
    });
  const cancelling = input.pool.find((p) => !used.has(p.id) && eligible(p, addDays(today, 14), 'PFIZER'));
  if (cancelling)
    register(cancelling, {
      state: 'cancelled',
      source: 'citizen',
      created_at: new Date(now.getTime() - 5 * 86_400_000),
      updated_at: new Date(now.getTime() - 2 * 86_400_000),
    });
  return plan;
}
