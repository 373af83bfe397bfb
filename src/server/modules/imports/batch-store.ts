import { type Kysely, sql } from 'kysely';
import type { BulkColumnType } from '../../db/bulk-insert.ts';
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
 * The registry facts a batch is decided against, in two statements whatever the batch size: doses and
 * queued rows with the batch's import keys and active persons holding its CCCDs; then active persons
 * with the (name key, birth date) of the rows still undecided (not skipped, CCCD not found).
 */
export async function loadLookups(db: Kysely<DB>, rows: ValidRow[]): Promise<BatchLookups> {
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
    else if (row.kind === 'review') reviewKeys.add(row.key!);
    else byCccd.set(row.cccd!, toFacts(row));
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
  // Columns are built directly (no row objects in between): the batch's garbage is most of the importer's.
  const person = columnsOf([
    'id',
    'full_name',
    'name_key',
    'birth_date',
    'sex',
    'cccd',
    'cmnd',
    'phone',
    'unit_id',
    'address_line',
  ]);
  const dose = columnsOf([
    'id',
    'person_id',
    'vaccine_code',
    'lot_id',
    'lot_number',
    'dose_number',
    'given_on',
    'facility_id',
    'import_key',
  ]);
  const link = columnsOf(['person_id', 'facility_id']);
  const linked = new Set<string>();
  const reviews = [];
  for (const d of decisions) {
    const { row } = d.row;
    if (d.kind === 'import') {
      if (d.newPerson)
        person.push(
          d.person.id,
          row.fullName,
          d.row.nameKey,
          row.birthDate,
          d.person.sex,
          row.cccd,
          row.cmnd,
          row.phone,
          row.unitId,
          row.addressOriginal,
        );
      const lotId = row.lotNumber ? (ctx.lots.get(`${row.vaccineCode}|${row.lotNumber}`) ?? null) : null;
      dose.push(
        d.doseId,
        d.person.id,
        row.vaccineCode,
        lotId,
        row.lotNumber,
        d.doseNumber,
        row.givenOn,
        d.row.facilityId,
        d.row.importKey,
      );
      const key = `${d.person.id}|${d.row.facilityId}`;
      if (!linked.has(key)) {
        linked.add(key);
        link.push(d.person.id, d.row.facilityId);
      }
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
  if (person.length)
    await sql`${sql.raw(preparedSql('import_insert_persons'))}
      insert into person (id, full_name, name_key, birth_date, sex, cccd, cmnd, phone, unit_id, address_line)
      select * from unnest(${person.arrays(['uuid', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'text', 'text'])})`.execute(
      trx,
    );
  if (dose.length)
    // Imported doses: source 'import', the lot when its number is known for the vaccine, noon in Viet Nam
    // (the day stays the day in every time zone), the key as request hash. No stock movement: historic.
    await sql`${sql.raw(preparedSql('import_insert_doses'))}
      insert into dose (id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_at, given_on,
        facility_id, source, request_hash, recorded_by, import_key, import_job_id)
      select k.id, k.person_id, k.vaccine_code, k.lot_id, k.lot_number, k.dose_number,
        (k.given_on + time '05:00') at time zone 'UTC', k.given_on, k.facility_id, 'import', k.import_key,
        ${ctx.recordedBy}::uuid, k.import_key, ${ctx.jobId}::uuid
      from unnest(${dose.arrays(['uuid', 'uuid', 'text', 'uuid', 'text', 'integer', 'date', 'uuid', 'text'])})
        as k(id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_on, facility_id, import_key)`.execute(
      trx,
    );
  if (link.length)
    await sql`${sql.raw(preparedSql('import_insert_links'))}
      insert into person_facility (person_id, facility_id, reason)
      select k.person_id, k.facility_id, 'import' from unnest(${link.arrays(['uuid', 'uuid'])}) as k(person_id, facility_id)
      on conflict (person_id, facility_id) do nothing`.execute(trx);
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

/** Column lists filled row by row, sent as packed arrays. */
function columnsOf(names: string[]) {
  const values: unknown[][] = names.map(() => []);
  return {
    get length() {
      return values[0].length;
    },
    push(...row: unknown[]) {
      for (let i = 0; i < row.length; i++) values[i].push(row[i]);
    },
    arrays(types: BulkColumnType[]) {
      return sql.join(values.map((column, i) => packedArray(column, types[i])));
    },
  };
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
