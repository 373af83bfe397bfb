import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  SCREENING_CHECKLIST,
  type ScreeningChecklist,
  suggestScreeningOutcome,
} from '../../shared/rules/screening.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { DB } from '../db/schema.ts';
import type { RegistrationRow } from './demo-sessions.ts';

const NO = Object.fromEntries(SCREENING_CHECKLIST.map((k) => [k, false])) as ScreeningChecklist;
const NORMAL = { temperatureC: 36.6, pulse: 78, systolic: 118, diastolic: 76, respiratoryRate: 18, spo2: 98 };

/**
 * Screenings for the demo's visits, as the site would have recorded them: everyone vaccinated was
 * screened fit, the deferred person had a fever, and of those checked in today the first at each
 * facility was screened (with caution: an allergy), the others still wait for the doctor.
 */
export async function writeDemoScreenings(db: Kysely<DB>, registrations: RegistrationRow[]) {
  const waitingScreened = new Set<string>();
  const rows = [];
  for (const r of registrations) {
    const staff = r.checked_in_by as string | null;
    const facility = r.visit_facility_id as string | null;
    if (!staff || !facility || !r.checked_in_at) continue;
    let checklist = NO;
    let vitals = NORMAL;
    if (r.state === 'deferred') vitals = { ...NORMAL, temperatureC: 38.3 };
    else if (r.state === 'checked_in') {
      if (waitingScreened.has(facility)) continue;
      waitingScreened.add(facility);
      checklist = { ...NO, allergyHistory: true };
    } else if (r.state !== 'vaccinated') continue;
    const outcome = suggestScreeningOutcome(checklist, vitals).outcome;
    const id = r.id as string;
    rows.push({
      // A stable id per registration, so the same seed gives the same rows.
      id: uuidFrom(`screening:${id}`),
      registration_id: id,
      person_id: r.person_id as string,
      facility_id: facility,
      answers: JSON.stringify(checklist),
      vitals: JSON.stringify(vitals),
      suggested_outcome: outcome,
      outcome,
      screened_by: staff,
      screened_at: new Date((r.checked_in_at as Date).getTime() + 4 * 60_000),
      request_hash: 'demo',
    });
  }
  for (let i = 0; i < rows.length; i += 1000)
    await bulkInsert(
      'screening',
      {
        id: 'uuid',
        registration_id: 'uuid',
        person_id: 'uuid',
        facility_id: 'uuid',
        answers: 'jsonb',
        vitals: 'jsonb',
        suggested_outcome: 'text',
        outcome: 'text',
        screened_by: 'uuid',
        screened_at: 'timestamptz',
        request_hash: 'text',
      },
      rows.slice(i, i + 1000),
    ).execute(db);
  return rows.length;
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
