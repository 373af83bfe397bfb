import { type Kysely, sql } from 'kysely';
import { preparedSql } from '../../db/prepared.ts';

import type { DB } from '../../db/schema.ts';
import {
  type BatchLookups,
  type Decision,
  type DoseFacts,
  nameBirthKey,
  type PersonFacts,
  uuidFrom,
} from './matching.ts';
import { packedArray, packedInsert } from './packed.ts';
import type { RowIssue, ValidRow } from './row-rules.ts';

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
 * The registry facts a batch is decided against, in four queries whatever the batch size: doses and
 * queued rows with the batch's import keys, active persons holding its CCCDs, and active persons with
 * its (name key, birth date) pairs.
 */
export async function loadLookups(db: Kysely<DB>, rows: ValidRow[]): Promise<BatchLookups> {
  const keys = rows.map((r) => r.importKey);
  const cccds = [...new Set(rows.flatMap((r) => (r.row.cccd ? [r.row.cccd] : [])))];
  const pairs = new Map(rows.map((r) => [nameBirthKey(r.nameKey, r.row.birthDate), r]));
  const names = [...pairs.values()].map((r) => r.nameKey);
  const births = [...pairs.values()].map((r) => r.row.birthDate);
  // One statement; each list probes its index row by row (a LATERAL subquery behind OFFSET 0): a hash
  // join or a scan of the whole table would grow with the registry, batch after batch.
  const result = await sql<
    PersonRow & { kind: 'dose' | 'review' | 'cccd' | 'name'; key: string | null }
  >`${sql.raw(preparedSql('import_lookups'))}
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
        where cccd = c.cccd and cccd is not null and merged_into is null offset 0) p
    union all
    select 'name', null, p.*
      from unnest(${packedArray(names, 'text')}, ${packedArray(births, 'date')}) k(name_key, birth_date)
      cross join lateral (select ${PERSON_COLUMNS} from person
        where name_key = k.name_key and birth_date = k.birth_date and merged_into is null offset 0) p`.execute(
    db,
  );
  const doseKeys = new Set<string>();
  const reviewKeys = new Set<string>();
  const byCccd = new Map<string, PersonFacts>();
  const byNameBirth = new Map<string, PersonFacts[]>();
  for (const row of result.rows) {
    if (row.kind === 'dose') doseKeys.add(row.key!);
    else if (row.kind === 'review') reviewKeys.add(row.key!);
    else if (row.kind === 'cccd') byCccd.set(row.cccd!, toFacts(row));
    else {
      const key = nameBirthKey(row.name_key, row.birth_date);
      const list = byNameBirth.get(key) ?? [];
      list.push(toFacts(row));
      byNameBirth.set(key, list);
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
    person_id: string;
    dose_number: number;
    given_on: string;
    vaccine_code: string;
  }>`${sql.raw(preparedSql('import_doses'))}
    select d.person_id, d.dose_number, d.given_on, d.vaccine_code
      from unnest(${packedArray(personIds, 'uuid')}) k(id)
      cross join lateral (select person_id, dose_number, given_on, vaccine_code from dose
        where person_id = k.id and status = 'recorded' offset 0) d`.execute(db);
  for (const dose of result.rows) {
    const list = byPerson.get(dose.person_id) ?? [];
    list.push({ doseNumber: dose.dose_number, givenOn: dose.given_on, vaccineCode: dose.vaccine_code });
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

/** A failed row's issues, numbered. */
export interface FailedRow {
  rowNumber: number;
  issues: RowIssue[];
}

export interface BatchOutcome {
  imported: number;
  skipped: number;
  failed: number;
  review: number;
  personsCreated: number;
}

/** Counts of a batch's decisions and failed rows. */
export function countOutcome(decisions: Decision[], failed: FailedRow[]): BatchOutcome {
  const outcome = { imported: 0, skipped: 0, failed: failed.length, review: 0, personsCreated: 0 };
  for (const d of decisions) {
    if (d.kind === 'import') {
      outcome.imported++;
      if (d.newPerson) outcome.personsCreated++;
    } else if (d.kind === 'skip') outcome.skipped++;
    else if (d.kind === 'fail') outcome.failed++;
    else outcome.review++;
  }
  return outcome;
}

export interface WriteContext {
  jobId: string;
  recordedBy: string | null;
  lots: Map<string, string>;
  /** The job's facility (review items are listed by it). */
  facilityId: string;
}

/**
 * Writes a batch's outcome: new persons, doses (source 'import', their import key and job, the lot
 * when its number is known, no stock movement: they are historic), the persons' links to the
 * facilities, the failed rows' issues and the review items. Call it in the transaction that also
 * moves the job's counts and resume point.
 */
export async function writeBatch(
  trx: Kysely<DB>,
  ctx: WriteContext,
  decisions: Decision[],
  failed: FailedRow[],
) {
  const persons = [];
  const doses = [];
  const links = new Map<string, { person_id: string; facility_id: string; reason: 'import' }>();
  const reviews = [];
  for (const d of decisions) {
    const { row } = d.row;
    if (d.kind === 'import') {
      if (d.newPerson)
        persons.push({
          id: d.person.id,
          full_name: row.fullName,
          name_key: d.row.nameKey,
          birth_date: row.birthDate,
          sex: d.person.sex,
          cccd: row.cccd,
          cmnd: row.cmnd,
          phone: row.phone,
          unit_id: row.unitId,
          address_line: row.addressOriginal,
          is_demo: false,
        });
      doses.push({
        id: d.doseId,
        person_id: d.person.id,
        vaccine_code: row.vaccineCode,
        lot_id: row.lotNumber ? (ctx.lots.get(`${row.vaccineCode}|${row.lotNumber}`) ?? null) : null,
        lot_number: row.lotNumber,
        dose_number: d.doseNumber,
        // Noon in Vietnam: the day stays the same in every time zone the app shows it in.
        given_at: `${row.givenOn}T05:00:00Z`,
        given_on: row.givenOn,
        facility_id: d.row.facilityId,
        source: 'import',
        request_hash: d.row.importKey,
        recorded_by: ctx.recordedBy,
        import_key: d.row.importKey,
        import_job_id: ctx.jobId,
      });
      links.set(`${d.person.id}|${d.row.facilityId}`, {
        person_id: d.person.id,
        facility_id: d.row.facilityId,
        reason: 'import',
      });
    } else if (d.kind === 'review') {
      reviews.push({
        id: uuidFrom(`review:${d.row.importKey}`),
        job_id: ctx.jobId,
        row_number: d.row.rowNumber,
        import_key: d.row.importKey,
        facility_id: ctx.facilityId,
        row,
        reason: d.reason,
        candidates: d.candidates,
      });
    }
  }
  if (persons.length)
    await packedInsert(
      'person',
      {
        id: 'uuid',
        full_name: 'text',
        name_key: 'text',
        birth_date: 'date',
        sex: 'text',
        cccd: 'text',
        cmnd: 'text',
        phone: 'text',
        unit_id: 'text',
        address_line: 'text',
        is_demo: 'boolean',
      },
      persons,
    ).execute(trx);
  if (doses.length)
    await packedInsert(
      'dose',
      {
        id: 'uuid',
        person_id: 'uuid',
        vaccine_code: 'text',
        lot_id: 'uuid',
        lot_number: 'text',
        dose_number: 'integer',
        given_at: 'timestamptz',
        given_on: 'date',
        facility_id: 'uuid',
        source: 'text',
        request_hash: 'text',
        recorded_by: 'uuid',
        import_key: 'text',
        import_job_id: 'uuid',
      },
      doses,
    ).execute(trx);
  if (links.size)
    await packedInsert(
      'person_facility',
      { person_id: 'uuid', facility_id: 'uuid', reason: 'text' },
      [...links.values()],
      sql`on conflict (person_id, facility_id) do nothing`,
    ).execute(trx);
  await insertIssues(trx, ctx.jobId, decisions, failed);
  if (reviews.length)
    await packedInsert(
      'import_review',
      {
        id: 'uuid',
        job_id: 'uuid',
        row_number: 'integer',
        import_key: 'text',
        facility_id: 'uuid',
        row: 'jsonb',
        reason: 'text',
        candidates: 'jsonb',
      },
      reviews,
      sql`on conflict do nothing`,
    ).execute(trx);
}

/** Stores the issues of the failed rows (rows failing the rules, and new persons without a sex). */
export async function insertIssues(
  db: Kysely<DB>,
  jobId: string,
  decisions: Decision[],
  failed: FailedRow[],
) {
  const all = [
    ...failed,
    ...decisions.flatMap((d) =>
      d.kind === 'fail' ? [{ rowNumber: d.row.rowNumber, issues: [d.issue] }] : [],
    ),
  ];
  const rows = all.flatMap((f) =>
    f.issues.map((issue, seq) => ({
      job_id: jobId,
      row_number: f.rowNumber,
      seq,
      column_name: issue.column,
      field: issue.field,
      code: issue.code,
      params: issue.params ?? null,
    })),
  );
  if (!rows.length) return;
  await packedInsert(
    'import_row_issue',
    {
      job_id: 'uuid',
      row_number: 'integer',
      seq: 'smallint',
      column_name: 'text',
      field: 'text',
      code: 'text',
      params: 'jsonb',
    },
    rows,
    sql`on conflict do nothing`,
  ).execute(db);
}
