import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema.ts';

/**
 * A dose the person arrives with (given elsewhere, before the test's day): a fixture of history, written
 * as an import would leave it, so rules that look at earlier doses have one to look at.
 */
export async function givenEarlier(
  db: Kysely<DB>,
  personId: string,
  dose: { vaccineCode: string; number: number; on: string },
) {
  await db
    .insertInto('dose')
    .values({
      id: randomUUID(),
      person_id: personId,
      vaccine_code: dose.vaccineCode,
      lot_id: null,
      lot_number: 'FIXTURE',
      dose_number: dose.number,
      given_at: new Date(`${dose.on}T09:00:00+07:00`),
      given_on: dose.on,
      facility_id: null,
      vaccinator: null,
      source: 'import',
      void_reason: null,
      voided_by: null,
      voided_at: null,
      replaces: null,
      override_reason: null,
      request_hash: `fixture:${personId}:${dose.number}`,
      recorded_by: null,
    })
    .execute();
}
