import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { IDENTIFIER_PROVINCE_CODES } from '../../../shared/rules/province-codes.ts';
import type { QualityCategory } from '../../../shared/schemas/data-quality.ts';
import type { DB } from '../../db/schema.ts';
import { doseReachSql, isNational, personReachSql, type Scope } from '../../policy/index.ts';

/** What the category queries need besides the scope. */
export interface CheckContext {
  scope: Scope;
  /** Today in Vietnam (YYYY-MM-DD): later doses are in the future. */
  today: string;
  /** Born on or before this day: an adult. */
  adultBornBy: string;
  campaignStart: string;
}

/** One row of a category: ids and the facts its reasons are made of. */
export interface CheckRow {
  person_id: string;
  other_person_id: string | null;
  dose_id: string | null;
  commune_id: string | null;
  facility_id: string | null;
  cccd: string | null;
  phone: string | null;
  birth_date: string | null;
  sex: 'male' | 'female' | null;
  vaccine_code: string | null;
  dose_number: number | null;
  given_on: string | null;
  lot_number: string | null;
  prev_on: string | null;
  prev_code: string | null;
  min_days: number | null;
  match: string | null;
}

// The reach conditions of the policy module, as SQL for the raw category statements.
const personCond = personReachSql;
const doseCond = doseReachSql;

const PERSON_COLUMNS = sql`p.id as person_id, p.cccd, p.phone, p.birth_date, p.sex,
  null::uuid as dose_id, null::uuid as facility_id, null::text as vaccine_code,
  null::integer as dose_number, null::date as given_on, null::text as lot_number, null::date as prev_on,
  null::text as prev_code, null::integer as min_days`;

const DOSE_COLUMNS = sql`p.id as person_id, null::uuid as other_person_id,
  coalesce(f.unit_id, p.unit_id) as commune_id, d.id as dose_id, d.facility_id, p.cccd, p.phone,
  p.birth_date, p.sex, d.vaccine_code, d.dose_number, d.given_on, d.lot_number, null::text as match`;

/** A CCCD that breaks the shared rule (cccd.ts): format, province code, or century, sex and year. */
const CCCD_INVALID = sql<SqlBool>`(
  n.c !~ '^[0-9]{12}$'
  or substr(n.c, 1, 1) <> '0'
  or not (substr(n.c, 2, 2) = any(${[...IDENTIFIER_PROVINCE_CODES]}::text[]))
  or substr(n.c, 4, 1) <> ((extract(year from p.birth_date)::integer / 100 - 19) * 2
      + case when p.sex = 'female' then 1 else 0 end)::text
  or substr(n.c, 5, 2) <> lpad((extract(year from p.birth_date)::integer % 100)::text, 2, '0'))`;

/** The rows of one category within the context's scope, as a subquery with the CheckRow columns. */
function categorySql(category: QualityCategory, ctx: CheckContext): RawBuilder<CheckRow> {
  const { scope } = ctx;
  switch (category) {
    case 'no_cccd':
      return sql`select ${PERSON_COLUMNS}, null::uuid as other_person_id, p.unit_id as commune_id,
          null::text as match
        from person p
        where p.merged_into is null and p.cccd is null and p.nationality = 'VNM'
          and p.birth_date <= ${ctx.adultBornBy}::date and ${personCond(scope)}`;
    case 'invalid_cccd':
      return sql`select ${PERSON_COLUMNS}, null::uuid as other_person_id, p.unit_id as commune_id,
          null::text as match
        from person p
        cross join lateral (select regexp_replace(p.cccd, '[[:space:]._-]', '', 'g') as c) n
        where p.merged_into is null and p.cccd is not null and ${personCond(scope)} and ${CCCD_INVALID}`;
    case 'duplicate_person':
      // Both of a pair must be within reach (the fix, a merge, needs both): one hash join of the
      // people in reach with themselves on name key and birth date.
      return sql`with s as (
          select p.id, p.name_key, p.birth_date, p.phone, p.unit_id, p.cccd, p.sex
          from person p where p.merged_into is null and ${personCond(scope)})
        select ${PERSON_COLUMNS}, q.id as other_person_id, p.unit_id as commune_id,
          case when p.phone = q.phone then 'phone' else 'commune' end as match
        from s p
        join s q on q.name_key = p.name_key and q.birth_date = p.birth_date and q.id > p.id
        where p.phone = q.phone or p.unit_id = q.unit_id`;
    case 'dose_interval': {
      // Each recorded dose after the previous one of the same person (by number), wherever that was.
      const people = isNational(scope)
        ? sql<SqlBool>`true`
        : sql<SqlBool>`d.person_id in (select d.person_id from dose d
              join person p on p.id = d.person_id left join facility f on f.id = d.facility_id
              where d.status = 'recorded' and ${doseCond(scope)})`;
      // Minimum intervals come from the catalogue: the previous product's after its dose number,
      // else this product's (as the status engine reads them); a later dose on the same day or
      // before the previous one is impossible whatever the product.
      return sql`with iv as (
          select v.code, (e ->> 'afterDose')::integer as after_dose, (e ->> 'minDays')::integer as min_days
          from vaccine_product v cross join lateral jsonb_array_elements(v.intervals) e),
        seq as (
          select d.id, d.person_id, d.facility_id, d.vaccine_code, d.dose_number, d.given_on,
            d.lot_number, lag(d.given_on) over w as prev_on, lag(d.vaccine_code) over w as prev_code,
            lag(d.dose_number) over w as prev_number
          from dose d
          where d.status = 'recorded' and ${people}
          window w as (partition by d.person_id order by d.dose_number, d.given_at))
        select ${DOSE_COLUMNS}, d.prev_on, d.prev_code,
          coalesce(a.min_days, b.min_days, 1) as min_days
        from seq d
        join person p on p.id = d.person_id
        left join facility f on f.id = d.facility_id
        left join iv a on a.code = d.prev_code and a.after_dose = d.prev_number
        left join iv b on b.code = d.vaccine_code and b.after_dose = d.prev_number
        where d.prev_on is not null
          and d.given_on - d.prev_on < coalesce(a.min_days, b.min_days, 1) and ${doseCond(scope)}`;
    }
    case 'dose_date':
      return sql`select ${DOSE_COLUMNS}, null::date as prev_on, null::text as prev_code,
          null::integer as min_days
        from dose d
        join person p on p.id = d.person_id
        left join facility f on f.id = d.facility_id
        where d.status = 'recorded'
          and (d.given_on > ${ctx.today}::date
            or (d.given_on < ${ctx.campaignStart}::date and d.country = 'VNM'))
          and ${doseCond(scope)}`;
    case 'unknown_lot':
      return sql`select ${DOSE_COLUMNS}, null::date as prev_on, null::text as prev_code,
          null::integer as min_days
        from dose d
        join person p on p.id = d.person_id
        left join facility f on f.id = d.facility_id
        where d.status = 'recorded' and d.lot_id is null and d.lot_number is not null
          and d.country = 'VNM'
          and not exists (select 1 from vaccine_lot l where l.vaccine_code = d.vaccine_code
            and upper(l.lot_number) = upper(trim(d.lot_number)))
          and ${doseCond(scope)}`;
  }
}

/** How many rows of a category there are, per commune and facility. */
export async function countByPlace(db: Kysely<DB>, category: QualityCategory, ctx: CheckContext) {
  const result = await sql<{ commune_id: string | null; facility_id: string | null; count: number }>`
    select x.commune_id, x.facility_id, count(*) as count
    from (${categorySql(category, ctx)}) x
    group by x.commune_id, x.facility_id`.execute(db);
  return result.rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** A page of a category's rows: people by commune, doses newest first. */
export async function page(
  db: Kysely<DB>,
  category: QualityCategory,
  ctx: CheckContext,
  limit: number,
  offset: number,
) {
  const order =
    category.startsWith('dose') || category === 'unknown_lot'
      ? sql`x.given_on desc, x.dose_id`
      : sql`x.commune_id, x.person_id, x.other_person_id`;
  const result = await sql<CheckRow>`
    select x.* from (${categorySql(category, ctx)}) x
    order by ${order} limit ${limit} offset ${offset}`.execute(db);
  return result.rows;
}

/** Names of communes and facilities (with their commune's name) for the report's tables. */
export async function placeNames(db: Kysely<DB>, communeIds: string[], facilityIds: string[]) {
  const [communes, facilities] = await Promise.all([
    communeIds.length
      ? db.selectFrom('admin_unit').select(['id', 'name']).where('id', 'in', communeIds).execute()
      : [],
    facilityIds.length
      ? db
          .selectFrom('facility as f')
          .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
          .select(['f.id', 'f.name', 'u.name as commune_name'])
          .where('f.id', 'in', facilityIds)
          .execute()
      : [],
  ]);
  return { communes, facilities };
}
