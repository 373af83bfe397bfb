import { type Kysely, sql } from 'kysely';
import { preparedSql } from '../../../db/prepared.ts';

import type { DB } from '../../../db/schema.ts';
import { type BatchLookups, type DoseFacts, nameBirthKey, type PersonFacts } from '../rows/matching.ts';
import type { ValidRow } from '../rows/row-rules.ts';
import { packedArray } from './packed-array.ts';

interface PersonRow {
  id: string;
  name_key: string;
  birth_date: string;
  sex: 'male' | 'female';
  cccd: string | null;
  cmnd: string | null;
  phone: string | null;
  unit_id: string | null;
}

const toFacts = (p: PersonRow): PersonFacts => ({
  id: p.id,
  nameKey: p.name_key,
  birthDate: p.birth_date,
  sex: p.sex,
  cccd: p.cccd,
  cmnd: p.cmnd,
  phone: p.phone,
  unitId: p.unit_id,
});

/**
 * The registry facts a batch is decided against, in two statements whatever the batch size: doses and
 * queued rows with the batch's import keys and active persons holding its CCCDs; then active persons
 * with the (name key, birth date) of the rows still undecided (not skipped, CCCD not found).
 */
export async function loadLookups(
  db: Kysely<DB>,
  rows: ValidRow[],
  /** Import keys of rows decided again (held in review): their own review items are not counted. */
  held?: ReadonlySet<string>,
): Promise<BatchLookups> {
  const keys = rows.map((r) => r.importKey);
  const cccds = [...new Set(rows.flatMap((r) => (r.row.cccd ? [r.row.cccd] : [])))];
  // Each list probes its index row by row (a LATERAL subquery behind OFFSET 0): a hash join or a scan
  // of the whole table would grow with the registry, batch after batch.
  const first = await sql<PersonRow & { kind: 'dose' | 'review' | 'cccd'; key: string | null }>`${sql.raw(
    preparedSql('import_lookup_keys'),
  )}
    select 'dose' as kind, d.import_key as key, ${NO_PERSON}
      from unnest(${packedArray(keys, 'text')}) k(key)
      cross join lateral (select import_key from dose
        where import_key = k.key and import_key is not null offset 0) d
    union all
    select 'review', r.import_key, ${NO_PERSON}
      from unnest(${packedArray(keys, 'text')}) k(key)
      cross join lateral (select import_key from import_review where import_key = k.key offset 0) r
    union all
    select 'cccd', null, p.*
      from unnest(${packedArray(cccds, 'text')}) c(cccd)
      cross join lateral (select ${PERSON_COLUMNS} from person
        where cccd = c.cccd and cccd is not null and merged_into is null offset 0) p`.execute(db);
  const doseKeys = new Set<string>();
  const reviewKeys = new Set<string>();
  const byCccd = new Map<string, PersonFacts>();
  for (const row of first.rows) {
    if (row.kind === 'dose') doseKeys.add(row.key!);
    else if (row.kind === 'review') {
      if (!held?.has(row.key!)) reviewKeys.add(row.key!);
    } else byCccd.set(row.cccd!, toFacts(row));
  }
  const pairs = new Map<string, ValidRow>();
  for (const r of rows)
    if (!doseKeys.has(r.importKey) && !reviewKeys.has(r.importKey) && !(r.row.cccd && byCccd.has(r.row.cccd)))
      pairs.set(nameBirthKey(r.nameKey, r.row.birthDate), r);
  const byNameBirth = new Map<string, PersonFacts[]>();
  if (pairs.size) {
    const list = [...pairs.values()];
    const named = await sql<PersonRow>`${sql.raw(preparedSql('import_lookup_names'))}
      select p.* from unnest(${packedArray(
        list.map((r) => r.nameKey),
        'text',
      )}, ${packedArray(
        list.map((r) => r.row.birthDate),
        'date',
      )}) k(name_key, birth_date)
      cross join lateral (select ${PERSON_COLUMNS} from person
        where name_key = k.name_key and birth_date = k.birth_date and merged_into is null offset 0) p`.execute(
      db,
    );
    for (const person of named.rows) {
      const key = nameBirthKey(person.name_key, person.birth_date);
      const found = byNameBirth.get(key) ?? [];
      found.push(toFacts(person));
      byNameBirth.set(key, found);
    }
  }
  return { doseKeys, reviewKeys, byCccd, byNameBirth };
}

const PERSON_COLUMNS = sql.raw('id, name_key, birth_date, sex, cccd, cmnd, phone, unit_id');
const NO_PERSON = sql.raw(
  'null::uuid as id, null::text as name_key, null::date as birth_date, null::text as sex, ' +
    'null::text as cccd, null::text as cmnd, null::text as phone, null::text as unit_id',
);

/** Recorded doses of registry persons, by person. */
export async function loadDoses(db: Kysely<DB>, personIds: string[]): Promise<Map<string, DoseFacts[]>> {
  const byPerson = new Map<string, DoseFacts[]>();
  if (!personIds.length) return byPerson;
  const result = await sql<{
    id: string;
    person_id: string;
    dose_number: number;
    given_on: string;
    vaccine_code: string;
  }>`${sql.raw(preparedSql('import_doses'))}
    select d.id, d.person_id, d.dose_number, d.given_on, d.vaccine_code
      from unnest(${packedArray(personIds, 'uuid')}) k(id)
      cross join lateral (select id, person_id, dose_number, given_on, vaccine_code from dose
        where person_id = k.id and status = 'recorded' offset 0) d`.execute(db);
  for (const dose of result.rows) {
    const list = byPerson.get(dose.person_id) ?? [];
    list.push({
      id: dose.id,
      doseNumber: dose.dose_number,
      givenOn: dose.given_on,
      vaccineCode: dose.vaccine_code,
    });
    byPerson.set(dose.person_id, list);
  }
  return byPerson;
}

/** Lot ids by vaccine and lot number, for the lots a batch names. */
export async function loadLots(db: Kysely<DB>, rows: ValidRow[]): Promise<Map<string, string>> {
  const pairs = new Map<string, { vaccine: string; lot: string }>();
  for (const { row } of rows)
    if (row.lotNumber)
      pairs.set(`${row.vaccineCode}|${row.lotNumber}`, { vaccine: row.vaccineCode, lot: row.lotNumber });
  if (!pairs.size) return new Map();
  const list = [...pairs.values()];
  const lots = await sql<{ id: string; vaccine_code: string; lot_number: string }>`
    select l.id, l.vaccine_code, l.lot_number
      from unnest(${packedArray(
        list.map((p) => p.vaccine),
        'text',
      )}, ${packedArray(
        list.map((p) => p.lot),
        'text',
      )}) k(vaccine_code, lot_number)
      cross join lateral (select id, vaccine_code, lot_number from vaccine_lot
        where vaccine_code = k.vaccine_code and lot_number = k.lot_number offset 0) l`.execute(db);
  return new Map(lots.rows.map((l) => [`${l.vaccine_code}|${l.lot_number}`, l.id]));
}

/** A review item held for a missing earlier dose, as stored. */
interface HeldItem {
  id: string;
  row_number: number;
  import_key: string;
  row: Record<string, unknown>;
}

/**
 * The job's rows still waiting in review for a missing earlier dose, after `afterRow`, in file order
 * (at most `limit`): decided again once the whole file is in.
 */
export async function loadHeld(
  db: Kysely<DB>,
  jobId: string,
  afterRow: number,
  limit: number,
): Promise<HeldItem[]> {
  return db
    .selectFrom('import_review')
    .select(['id', 'row_number', 'import_key', 'row'])
    .where('job_id', '=', jobId)
    .where('state', '=', 'pending')
    .where('reason', '=', 'missing_earlier_dose')
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Of these persons, those with a dose given at the facility. */
export async function personsDosedAt(
  db: Kysely<DB>,
  facilityId: string,
  personIds: string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('dose')
    .select('person_id')
    .distinct()
    .where('facility_id', '=', facilityId)
    .where('person_id', 'in', personIds)
    .execute();
  return rows.map((d) => d.person_id);
}
