import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { addDays } from '../../../shared/rules/dates.ts';
import type { tallyItemSchema } from '../../../shared/schemas/tallies.ts';
import { AppError, type FieldError } from '../../app-error.ts';
import type { DB, TallySource } from '../../db/schema.ts';
import { ownFacility, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as repo from './tallies.repository.ts';

type TallyItem = z.infer<typeof tallyItemSchema>;

/** The longest range one request answers for (a year). */
export const RANGE_MAX_DAYS = 366;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a date range (given or defaulted) and answers it; `field` errors name the query parameter. */
export function dateRange(
  query: { from?: string; to?: string },
  today: string,
  defaultDays: number,
  maxDays = RANGE_MAX_DAYS,
) {
  const to = query.to ?? (query.from ? minDay(addDays(query.from, defaultDays - 1), today) : today);
  const from = query.from ?? addDays(to, -(defaultDays - 1));
  if (to < from) throw AppError.validation([{ field: 'to', in: 'query', code: 'date.range_order' }]);
  if (addDays(from, maxDays - 1) < to)
    throw AppError.validation([
      { field: 'to', in: 'query', code: 'date.range_too_long', params: { days: maxDays } },
    ]);
  return { from, to };
}

const minDay = (a: string, b: string) => (a < b ? a : b);

/** Where a tally comes from: the site's software (API key), the commune, or the site itself. */
export function tallySource(actor: StaffActor, viaApiKey: boolean): TallySource {
  if (viaApiKey) return 'api';
  return actor.role === 'commune_manager' ? 'commune' : 'site';
}

/**
 * Resolves the facility of each item within the caller's reach (a site may leave it out: its own).
 * Unknown and out-of-scope facilities are the same 404, naming the item.
 */
async function resolveFacilities(db: Kysely<DB>, actor: StaffActor, items: TallyItem[]) {
  const own = ownFacility(actor.scope);
  const ids = [
    ...new Set(items.flatMap((i) => (i.facilityId ? [i.facilityId] : own && !i.facilityCode ? [own] : []))),
  ];
  const codes = [...new Set(items.flatMap((i) => (!i.facilityId && i.facilityCode ? [i.facilityCode] : [])))];
  const found = await repo.facilitiesInScope(db, actor.scope, ids, codes);
  const byId = new Map(found.map((f) => [f.id, f]));
  const byCode = new Map(found.map((f) => [f.code, f]));
  const missing: FieldError[] = [];
  const resolved = items.map((item, i) => {
    const facility = item.facilityId
      ? byId.get(item.facilityId)
      : item.facilityCode
        ? byCode.get(item.facilityCode)
        : own
          ? byId.get(own)
          : undefined;
    if (!facility) {
      const field = item.facilityId || !item.facilityCode ? 'facilityId' : 'facilityCode';
      missing.push({
        field: `items.${i}.${field}`,
        in: 'body',
        code: 'tally.facility_not_found',
        params: { facility: item.facilityId ?? item.facilityCode ?? '' },
      });
    }
    return facility?.id ?? '';
  });
  if (missing.length)
    throw new AppError('not_found', 404, 'tally.facility_not_found', missing, {
      facility: String(missing[0].params?.facility ?? ''),
    });
  return resolved;
}

/**
 * Records a batch of daily tallies. Every item is checked first (day not in the future, vaccine in the
 * catalogue, facility named and within reach, no key twice); then, in one transaction, new keys are
 * inserted, changed numbers replace the old ones, and each first report or change is kept as a
 * revision. Sending the same numbers again changes nothing (idempotent).
 */
export async function reportTallies(
  db: Kysely<DB>,
  actor: StaffActor,
  items: TallyItem[],
  source: TallySource,
  now: Date,
  today: string,
) {
  const catalogue = await repo.vaccineCodes(db);
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    if (!item.facilityId && !item.facilityCode && !ownFacility(actor.scope))
      errors.push({ field: `items.${i}.facilityId`, in: 'body', code: 'tally.facility_required' });
    if (item.day > today) errors.push({ field: `items.${i}.day`, in: 'body', code: 'date.future' });
    if (!catalogue.has(item.vaccineCode))
      errors.push({
        field: `items.${i}.vaccineCode`,
        in: 'body',
        code: 'tally.vaccine_unknown',
        params: { vaccine: item.vaccineCode },
      });
  });
  if (errors.length) throw AppError.validation(errors);
  const facilityIds = await resolveFacilities(db, actor, items);
  const keys = items.map((item, i) => ({
    facility_id: facilityIds[i],
    day: item.day,
    vaccine_code: item.vaccineCode,
  }));
  const seen = new Map<string, number>();
  keys.forEach((key, i) => {
    const k = keyOf(key);
    const first = seen.get(k);
    if (first !== undefined)
      errors.push({ field: `items.${i}`, in: 'body', code: 'tally.duplicate', params: { index: first } });
    else seen.set(k, i);
  });
  if (errors.length) throw AppError.validation(errors);

  const by = { source, reported_by: actor.staffId, reported_at: now };
  const results = await db.transaction().execute(async (trx) => {
    const created = await repo.insertNew(
      trx,
      keys.map((key, i) => ({ ...key, doses: items[i].doses, ...by })),
    );
    const createdKeys = new Set(created.map(keyOf));
    const existing = await repo.lockExisting(
      trx,
      keys.filter((k) => !createdKeys.has(keyOf(k))),
    );
    const current = new Map(existing.map((row) => [keyOf(row), row]));
    const changes: { id: string; doses: number; previous: number }[] = [];
    const outcome = keys.map((key, i) => {
      const doses = items[i].doses;
      const base = { facilityId: key.facility_id, day: key.day, vaccineCode: key.vaccine_code, doses };
      if (createdKeys.has(keyOf(key))) return { ...base, previous: null, status: 'created' as const };
      const row = current.get(keyOf(key))!;
      if (row.doses === doses) return { ...base, previous: row.doses, status: 'unchanged' as const };
      changes.push({ id: row.id, doses, previous: row.doses });
      return { ...base, previous: row.doses, status: 'updated' as const };
    });
    await repo.updateDoses(trx, changes, by);
    await repo.insertRevisions(trx, [
      ...created.map((row) => ({ tally_id: row.id, doses: row.doses, previous_doses: null, ...by })),
      ...changes.map((c) => ({ tally_id: c.id, doses: c.doses, previous_doses: c.previous, ...by })),
    ]);
    const count = (status: string) => outcome.filter((o) => o.status === status).length;
    await audit.record(trx, audit.auditActorOf(actor), 'tally.report', {
      recordType: 'dose_tally',
      details: {
        source,
        facilities: [...new Set(facilityIds)],
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
      },
    });
    return outcome;
  });
  return { results };
}

const keyOf = (k: repo.TallyKey) => `${k.facility_id}|${k.day}|${k.vaccine_code}`;

/** The facility a read names (id or code), or the caller's own; 404 outside the caller's reach. */
export async function requireFacility(db: Kysely<DB>, actor: StaffActor, facility: string | undefined) {
  const wanted = facility ?? ownFacility(actor.scope) ?? undefined;
  if (!wanted)
    throw AppError.validation([{ field: 'facility', in: 'query', code: 'tally.facility_required' }]);
  const uuid = UUID.test(wanted);
  const [row] = await repo.facilitiesInScope(db, actor.scope, uuid ? [wanted] : [], uuid ? [] : [wanted]);
  if (!row) throw AppError.notFound('tally.facility_not_found', { facility: wanted });
  return row;
}

/**
 * A facility's tallies between two days (default the last 14) beside the doses recorded there per day
 * and vaccine, newest day first: what the tally form shows and prefills.
 */
export async function listTallies(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { facility?: string; from?: string; to?: string },
  today: string,
) {
  const facility = await requireFacility(db, actor, query.facility);
  const { from, to } = dateRange(query, today, 14);
  const [reported, recorded] = await Promise.all([
    repo.tallies(db, facility.id, from, to),
    repo.recordedCounts(db, facility.id, from, to),
  ]);
  const items = new Map<string, ReturnType<typeof emptyDay>>();
  const emptyDay = (day: string, vaccineCode: string) => ({
    day,
    vaccineCode,
    reported: null as number | null,
    recorded: 0,
    source: null as TallySource | null,
    reportedAt: null as string | null,
    reportedBy: null as string | null,
  });
  const at = (day: string, vaccineCode: string) => {
    const key = `${day}|${vaccineCode}`;
    const item = items.get(key) ?? emptyDay(day, vaccineCode);
    items.set(key, item);
    return item;
  };
  for (const r of recorded) at(r.day, r.vaccine_code).recorded = Number(r.recorded);
  for (const t of reported)
    Object.assign(at(t.day, t.vaccine_code), {
      reported: t.doses,
      source: t.source,
      reportedAt: t.reported_at.toISOString(),
      reportedBy: t.display_name,
    });
  return {
    facility: { id: facility.id, code: facility.code, name: facility.name },
    from,
    to,
    items: [...items.values()].sort(
      (a, b) => b.day.localeCompare(a.day) || a.vaccineCode.localeCompare(b.vaccineCode),
    ),
  };
}
