import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import type { Database } from './database.ts';

/**
 * The database trigger that closes a person's registration for the day of a recorded dose fires once
 * per statement (migration 0015): a statement of many doses — an import batch — closes every matching
 * registration, and only those.
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
    const { db } = database;
    const facility = randomUUID();
    await sql`insert into facility (id, code, name, kind, unit_id)
      values (${facility}::uuid, 'TRIGGER-SITE', 'Trigger site', 'vaccination_site', '2025-00004')`.execute(
      db,
    );
    const campaign = randomUUID();
    const set = await sql<{ code: string }>`select code from priority_group_set limit 1`.execute(db);
    await sql`insert into campaign (id, code, name_vi, name_en, priority_group_set, vaccine_codes, starts_on)
      values (${campaign}::uuid, 'TRIGGER', 'Thử', 'Trial', ${set.rows[0].code}, '["PFIZER"]', '2021-07-01')`.execute(
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
      const bySession = p === 'session' || p === 'other-day';
      await sql`insert into registration (id, campaign_id, person_id, screening, state, source, session_id, visit_date)
        values (${registrations[p]}::uuid, ${campaign}::uuid, ${ids[p]}::uuid, '{}',
          ${bySession ? 'scheduled' : 'checked_in'}, 'walk_in',
          ${bySession ? session : null}::uuid, ${bySession ? null : '2021-09-10'}::date)`.execute(db);
    }

    const dose = (p: string, givenOn: string, status = 'recorded') =>
      sql`(${randomUUID()}::uuid, ${ids[p]}::uuid, 'PFIZER', 1, ${givenOn}::date, ${`${givenOn}T03:00:00Z`}::timestamptz,
        ${facility}::uuid, 'import', ${randomUUID()}, ${status})`;
    await sql`insert into dose (id, person_id, vaccine_code, dose_number, given_on, given_at, facility_id, source,
        request_hash, status)
      values ${sql.join([
        dose('visit', '2021-09-10'),
        dose('session', '2021-09-10'),
        dose('other-day', '2021-09-11'),
        dose('in-error', '2021-09-10', 'entered_in_error'),
      ])}`.execute(db);

    const states = await sql<{ id: string; state: string }>`select id, state from registration`.execute(db);
    const stateOf = (p: string) => states.rows.find((r) => r.id === registrations[p])?.state;
    expect(people.map((p) => [p, stateOf(p)])).toEqual([
      ['visit', 'vaccinated'],
      ['session', 'vaccinated'],
      ['other-day', 'scheduled'],
      ['in-error', 'checked_in'],
      ['no-dose', 'checked_in'],
    ]);

    // A later single-dose statement closes its own registration too.
    await sql`insert into dose (id, person_id, vaccine_code, dose_number, given_on, given_at, facility_id, source,
        request_hash)
      values (${randomUUID()}::uuid, ${ids['no-dose']}::uuid, 'PFIZER', 1, '2021-09-10', '2021-09-10T03:00:00Z',
        ${facility}::uuid, 'site', ${randomUUID()})`.execute(db);
    const last = await sql<{ state: string }>`select state from registration
      where id = ${registrations['no-dose']}::uuid`.execute(db);
    expect(last.rows[0].state).toBe('vaccinated');
  });
});
