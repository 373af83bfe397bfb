import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB, PersonTable } from '../../src/server/db/schema.ts';
import { searchKey } from '../../src/shared/rules/vietnamese-text.ts';

let serial = 0;

/** Inserts a person row as a test wants it (a valid CCCD unless told otherwise) and returns its id. */
export async function insertPerson(
  db: Kysely<DB>,
  fields: Partial<Insertable<PersonTable>> & { unit_id: string },
): Promise<string> {
  serial++;
  const birth = fields.birth_date ?? '1980-05-06';
  const sex = fields.sex ?? 'male';
  const year = Number(birth.slice(0, 4));
  const centurySex = (Math.floor(year / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
  const cccd = `001${centurySex}${String(year % 100).padStart(2, '0')}${String(500000 + serial).slice(-6)}`;
  const name = fields.full_name ?? `Người Thử ${serial}`;
  const row = await db
    .insertInto('person')
    .values({
      full_name: name,
      name_key: searchKey(name),
      birth_date: birth,
      sex,
      cccd: 'cccd' in fields ? fields.cccd : cccd,
      phone: fields.phone ?? null,
      ...fields,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts people of a commune, one per dose to come. */
export async function insertPeople(db: Kysely<DB>, count: number, unitId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await insertPerson(db, { unit_id: unitId }));
  return ids;
}

/** Inserts a dose row directly (the data-quality and completeness reports read what is stored). */
export async function insertDose(
  db: Kysely<DB>,
  fields: {
    personId: string;
    facilityId: string | null;
    givenOn: string;
    vaccineCode?: string;
    doseNumber?: number;
    status?: 'recorded' | 'entered_in_error';
    lotId?: string | null;
    lotNumber?: string | null;
    country?: string;
    source?: 'site' | 'import' | 'api' | 'abroad';
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('dose')
    .values({
      id,
      person_id: fields.personId,
      vaccine_code: fields.vaccineCode ?? 'PFIZER',
      dose_number: fields.doseNumber ?? 1,
      given_at: new Date(`${fields.givenOn}T02:00:00Z`),
      given_on: fields.givenOn,
      facility_id: fields.facilityId,
      lot_id: fields.lotId ?? null,
      lot_number: fields.lotNumber ?? null,
      country: fields.country ?? 'VNM',
      source: fields.source ?? 'site',
      status: fields.status ?? 'recorded',
      request_hash: 'test',
    })
    .execute();
  return id;
}
