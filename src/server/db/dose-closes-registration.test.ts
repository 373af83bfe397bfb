import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import type { Decision } from '../modules/imports/rows/matching.ts';
import { writeBatch } from '../modules/imports/runner/batch-write.repository.ts';
import type { Database } from './database.ts';

/**
 * A recorded dose closes the person's registration for that day: by the database trigger for doses
 * from the site or the API (one statement may hold several), by the import's own batch statement for
 * imported doses (migration 0015) — each closes every matching registration, and only those.
 */
describe.each(TEST_ENGINES)('a recorded dose closes that day’s registration (%s)', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('closes the registrations of a many-dose statement by visit day or session day, and no other', async () => {
    await closesRegistrations('site');
  });

  it('an import batch closes them the same way', async () => {
    await closesRegistrations('import');
  });

  async function closesRegistrations(source: 'site' | 'import') {
    const { db } = database;
    const facility = randomUUID();
    await sql`insert into facility (id, code, name, kind, unit_id)
      values (${facility}::uuid, ${`TRIGGER-${source}`}, 'Trigger site', 'vaccination_site', '2025-00004')`.execute(
      db,
    );
    const campaign = randomUUID();
    const set = await sql<{ code: string }>`select code from priority_group_set limit 1`.execute(db);
    await sql`insert into campaign (id, code, name_vi, name_en, priority_group_set, vaccine_codes, starts_on)
      values (${campaign}::uuid, ${`TRIGGER-${source}`}, 'Thử', 'Trial', ${set.rows[0].code}, '["PFIZER"]', '2021-07-01')`.execute(
      db,
    );
    const session = randomUUID();
    await sql`insert into vaccination_session (id, facility_id, campaign_id, session_date, vaccine_code, capacity)
      values (${session}::uuid, ${facility}::uuid, ${campaign}::uuid, '2021-09-10', 'PFIZER', 10)`.execute(
      db,
    );

    // Persons: checked in on the 10th; scheduled into the session of the 10th; scheduled on the 10th but
    // dosed on the 11th; checked in on the 10th with a dose entered in error; checked in, no dose.
    const people = ['visit', 'session', 'other-day', 'in-error', 'no-dose'];
    const ids = Object.fromEntries(people.map((p) => [p, randomUUID()]));
    const registrations = Object.fromEntries(people.map((p) => [p, randomUUID()]));
    for (const [i, p] of people.entries()) {
      await sql`insert into person (id, full_name, name_key, birth_date, sex)
        values (${ids[p]}::uuid, ${`Người ${i}`}, ${`nguoi ${i}`}, '1980-01-01', 'female')`.execute(db);
      await sql`insert into person_facility (person_id, facility_id, reason)
        values (${ids[p]}::uuid, ${facility}::uuid, 'created')`.execute(db);
      const bySession = p === 'session' || p === 'other-day';
      await sql`insert into registration (id, campaign_id, person_id, screening, state, source, session_id, visit_date)
        values (${registrations[p]}::uuid, ${campaign}::uuid, ${ids[p]}::uuid, '{}',
          ${bySession ? 'scheduled' : 'checked_in'}, 'walk_in',
          ${bySession ? session : null}::uuid, ${bySession ? null : '2021-09-10'}::date)`.execute(db);
    }

    const given: [string, string, string?][] = [
      ['visit', '2021-09-10'],
      ['session', '2021-09-10'],
      ['other-day', '2021-09-11'],
      ['in-error', '2021-09-10', 'entered_in_error'],
    ];
    if (source === 'site') {
      const dose = ([p, givenOn, status = 'recorded']: [string, string, string?]) =>
        sql`(${randomUUID()}::uuid, ${ids[p]}::uuid, 'PFIZER', 1, ${givenOn}::date, ${`${givenOn}T03:00:00Z`}::timestamptz,
          ${facility}::uuid, 'site', ${randomUUID()}, ${status})`;
      await sql`insert into dose (id, person_id, vaccine_code, dose_number, given_on, given_at, facility_id, source,
          request_hash, status)
        values ${sql.join(given.map(dose))}`.execute(db);
    } else {
      // An import records doses only (a dose entered in error never comes from one): the first three.
      const decisions = given.slice(0, 3).map(
        ([p, givenOn]) =>
          ({
            kind: 'import',
            newPerson: false,
            doseNumber: 1,
            doseId: randomUUID(),
            person: { id: ids[p] },
            row: {
              rowNumber: 2,
              nameKey: 'nguoi',
              facilityId: facility,
              importKey: `trigger:${p}`,
              row: { vaccineCode: 'PFIZER', lotNumber: null, givenOn, doseNumber: 1 },
            },
          }) as unknown as Decision,
      );
      const job = await sql<{
        id: string;
      }>`insert into import_job (facility_id, filename, sha256, size_bytes, file_kind)
        values (${facility}::uuid, 'trigger.csv', 'x', 1, 'csv') returning id`.execute(db);
      await writeBatch(
        db,
        { jobId: job.rows[0].id, recordedBy: null, facilityId: facility, lots: new Map() },
        decisions,
        [],
      );
    }

    const states = await sql<{ id: string; state: string }>`select id, state from registration`.execute(db);
    const stateOf = (p: string) => states.rows.find((r) => r.id === registrations[p])?.state;
    expect(people.map((p) => [p, stateOf(p)])).toEqual([
      ['visit', 'vaccinated'],
      ['session', 'vaccinated'],
      ['other-day', 'scheduled'],
      ['in-error', 'checked_in'],
      ['no-dose', 'checked_in'],
    ]);

    if (source === 'import') return;
    // A later single-dose statement closes its own registration too.
    await sql`insert into dose (id, person_id, vaccine_code, dose_number, given_on, given_at, facility_id, source,
        request_hash)
      values (${randomUUID()}::uuid, ${ids['no-dose']}::uuid, 'PFIZER', 1, '2021-09-10', '2021-09-10T03:00:00Z',
        ${facility}::uuid, 'site', ${randomUUID()})`.execute(db);
    const last = await sql<{ state: string }>`select state from registration
      where id = ${registrations['no-dose']}::uuid`.execute(db);
    expect(last.rows[0].state).toBe('vaccinated');
  }
});
