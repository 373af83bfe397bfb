import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { formatDate } from '../../shared/format.ts';
import { type VaccineRule, vaccinationStatus } from '../../shared/rules/vaccination-status.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { DB } from '../db/schema.ts';
import { notifyAccount } from '../modules/notifications/inbox.service.ts';
import { ensureSlots } from '../modules/vaccination-sessions/vaccination-sessions.repository.ts';
import { writeDemoScreenings } from './demo-screenings.ts';
import type { SessionPlan } from './demo-sessions.ts';
import { type DemoLot, lotFor } from './demo-stock.ts';

/** A demo dose before it is written. */
export interface DoseDraft {
  id: string;
  personId: string;
  vaccineCode: string;
  date: string;
  givenAt: Date;
  facilityId: string;
}

const chunks = <T>(rows: readonly T[], size = 5000) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

const DOSE_COLUMNS = {
  id: 'uuid',
  person_id: 'uuid',
  vaccine_code: 'text',
  lot_id: 'uuid',
  lot_number: 'text',
  dose_number: 'integer',
  given_at: 'timestamptz',
  given_on: 'date',
  facility_id: 'uuid',
  vaccinator: 'text',
  source: 'text',
  request_hash: 'text',
  recorded_at: 'timestamptz',
} as const;

/** Numbers every dose as the status engine counts it (refusing any it would not) and writes them. */
export async function writeDoses(
  db: Kysely<DB>,
  histories: Map<string, DoseDraft[]>,
  engineRules: VaccineRule[],
  lots: readonly DemoLot[],
  today: string,
) {
  const rows = [];
  for (const [personId, drafts] of histories) {
    drafts.sort((a, b) => a.date.localeCompare(b.date));
    const status = vaccinationStatus(
      drafts.map((d) => ({ id: d.id, vaccineCode: d.vaccineCode, date: d.date })),
      engineRules,
      today,
    );
    for (const d of drafts) {
      const number = status.doses.find((e) => e.id === d.id)?.number;
      if (!number)
        throw new Error(`Demo dose of ${d.vaccineCode} on ${d.date} would not count (${personId})`);
      const lot = lotFor(lots, d.vaccineCode, d.date, today);
      rows.push({
        id: d.id,
        person_id: personId,
        vaccine_code: d.vaccineCode,
        lot_id: lot.id,
        lot_number: lot.lotNumber,
        dose_number: number,
        given_at: d.givenAt,
        given_on: d.date,
        facility_id: d.facilityId,
        vaccinator: 'Demo',
        source: 'site',
        request_hash: createHash('sha256').update(`demo:${d.id}`).digest('hex'),
        recorded_at: d.givenAt,
      });
    }
  }
  for (const chunk of chunks(rows)) await bulkInsert('dose', DOSE_COLUMNS, chunk).execute(db);
  return rows;
}

/** Links people to the facilities that vaccinated or expect them (so their staff can find them). */
export async function linkPeople(
  db: Kysely<DB>,
  links: { person_id: string; facility_id: string; reason: string }[],
) {
  const unique = [...new Map(links.map((l) => [`${l.person_id}|${l.facility_id}`, l])).values()];
  for (const chunk of chunks(unique))
    await bulkInsert(
      'person_facility',
      { person_id: 'uuid', facility_id: 'uuid', reason: 'text' },
      chunk,
      sql`on conflict (person_id, facility_id) do nothing`,
    ).execute(db);
}

/** Sessions, then their registrations; demo households are told of their appointment in the app. */
export async function writePlan(db: Kysely<DB>, plan: SessionPlan) {
  await bulkInsert(
    'vaccination_session',
    {
      id: 'uuid',
      facility_id: 'uuid',
      campaign_id: 'uuid',
      session_date: 'date',
      vaccine_code: 'text',
      capacity: 'integer',
      booked: 'integer',
      slots: 'jsonb',
      created_by: 'uuid',
      created_at: 'timestamptz',
    },
    plan.sessions,
  ).execute(db);
  for (const chunk of chunks(plan.registrations))
    await bulkInsert(
      'registration',
      {
        id: 'uuid',
        campaign_id: 'uuid',
        person_id: 'uuid',
        priority_group: 'text',
        preferred_unit_id: 'text',
        preferred_facility_id: 'uuid',
        preferred_from: 'date',
        screening: 'jsonb',
        state: 'text',
        source: 'text',
        account_id: 'uuid',
        staff_id: 'uuid',
        session_id: 'uuid',
        slot: 'text',
        visit_facility_id: 'uuid',
        visit_date: 'date',
        checked_in_at: 'timestamptz',
        checked_in_by: 'uuid',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      },
      chunk,
    ).execute(db);
  // Each session's time slots from its labels, the registrations in them counted (as migration 0023 does).
  await ensureSlots(db, null);
  await writeDemoScreenings(db, plan.registrations);
  const names = new Map(
    (await db.selectFrom('facility').select(['id', 'name']).where('is_demo', '=', true).execute()).map(
      (f) => [f.id, f.name],
    ),
  );
  for (const { accountId, personId, session, slot } of plan.appointments) {
    const place = names.get(session.facility_id) ?? '';
    await notifyAccount(db, accountId, {
      kind: 'appointment.scheduled',
      personId,
      title: { vi: 'Lịch tiêm đã được xếp', en: 'Vaccination appointment scheduled' },
      body: {
        vi: `${place}, ngày ${formatDate(session.session_date, 'vi')}${slot ? `, ${slot}` : ''}.`,
        en: `${place}, ${formatDate(session.session_date, 'en')}${slot ? `, ${slot}` : ''}.`,
      },
    });
  }
}
