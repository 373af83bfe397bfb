import type { Kysely } from 'kysely';
import { localize, type MessageCode } from '../../../shared/messages.ts';
import { validateCccd } from '../../../shared/rules/cccd.ts';
import { addMonths } from '../../../shared/rules/dates.ts';
import {
  ADULT_AGE,
  CAMPAIGN_START,
  QUALITY_CATEGORIES,
  type QualityCategory,
  type QualityItem,
} from '../../../shared/schemas/data-quality.ts';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { resolveTarget, scopeOf, type Target } from '../tallies/targets.ts';
import * as repo from './data-quality.repository.ts';

type Counts = Record<QualityCategory, number>;
const zero = (): Counts => Object.fromEntries(QUALITY_CATEGORIES.map((c) => [c, 0])) as Counts;

/** Keeps the last `keep` characters of an identifier. */
export function mask(value: string | null, keep = 3): string | null {
  if (!value) return null;
  return `${'*'.repeat(Math.max(0, value.length - keep))}${value.slice(-keep)}`;
}

function reason(code: MessageCode, params: Record<string, string | number> = {}) {
  return { code, messages: localize(code, params) };
}

/** The reasons of one row, from the shared rules where there is one (the CCCD rule). */
function reasonsOf(category: QualityCategory, row: repo.CheckRow, ctx: repo.CheckContext) {
  switch (category) {
    case 'no_cccd':
      return [reason('quality.no_cccd')];
    case 'invalid_cccd': {
      const checked = validateCccd(row.cccd ?? '', {
        birthDate: row.birth_date ?? undefined,
        sex: row.sex ?? undefined,
        currentYear: Number(ctx.today.slice(0, 4)),
      });
      return checked.ok ? [] : checked.issues.map((i) => reason(i.code as MessageCode, i.params));
    }
    case 'duplicate_person':
      return [reason(row.match === 'phone' ? 'quality.duplicate_phone' : 'quality.duplicate_commune')];
    case 'dose_interval': {
      const days = Math.round((Date.parse(row.given_on ?? '') - Date.parse(row.prev_on ?? '')) / 86_400_000);
      return [
        reason('quality.dose_interval', {
          dose: row.dose_number ?? 0,
          days,
          vaccine: row.prev_code ?? '',
          minDays: row.min_days ?? 0,
        }),
      ];
    }
    case 'dose_date':
      return [
        (row.given_on ?? '') > ctx.today
          ? reason('quality.dose_future', { date: row.given_on ?? '' })
          : reason('quality.dose_before_campaign', { date: row.given_on ?? '', start: ctx.campaignStart }),
      ];
    case 'unknown_lot':
      return [reason('quality.lot_unknown', { lot: row.lot_number ?? '', vaccine: row.vaccine_code ?? '' })];
  }
}

/** The API view of a row: ids, masked identifiers, reasons, and where it is fixed. */
function toItem(category: QualityCategory, row: repo.CheckRow, ctx: repo.CheckContext): QualityItem {
  const isDose = row.dose_id !== null;
  return {
    category,
    personId: row.person_id,
    otherPersonId: row.other_person_id,
    doseId: row.dose_id,
    cccdMasked: mask(row.cccd),
    phoneMasked: mask(row.phone),
    birthYear: row.birth_date ? Number(row.birth_date.slice(0, 4)) : null,
    communeId: row.commune_id,
    facilityId: row.facility_id,
    vaccineCode: row.vaccine_code,
    doseNumber: row.dose_number,
    givenOn: row.given_on,
    lotNumber: row.lot_number,
    reasons: reasonsOf(category, row, ctx),
    fix: {
      kind: isDose ? 'void_dose' : category === 'duplicate_person' ? 'merge' : 'person',
      href: `/staff/people/${row.person_id}`,
    },
  };
}

async function context(
  db: Kysely<DB>,
  actor: StaffActor,
  ask: { unit?: string; facility?: string },
  today: string,
) {
  const target = await resolveTarget(db, actor, { unitId: ask.unit, facilityId: ask.facility });
  const ctx: repo.CheckContext = {
    scope: scopeOf(target),
    today,
    adultBornBy: addMonths(today, -12 * ADULT_AGE),
    campaignStart: CAMPAIGN_START,
  };
  return { target, ctx };
}

const targetView = (target: Target) => ({
  kind: target.kind,
  id: target.id,
  name: target.name,
});

/**
 * The data-quality report of a unit or facility within the caller's reach: counts per category in
 * total, per commune and per facility, and the first `sample` items of each category. Audited.
 */
export async function report(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { unit?: string; facility?: string; sample: number },
  today: string,
) {
  const { target, ctx } = await context(db, actor, query, today);
  const totals = zero();
  const communes = new Map<string, Counts>();
  const facilities = new Map<string, Counts>();
  const samples = {} as Record<QualityCategory, QualityItem[]>;
  for (const category of QUALITY_CATEGORIES) {
    for (const row of await repo.countByPlace(db, category, ctx)) {
      totals[category] += row.count;
      if (row.commune_id) {
        const counts = communes.get(row.commune_id) ?? zero();
        counts[category] += row.count;
        communes.set(row.commune_id, counts);
      }
      if (row.facility_id) {
        const counts = facilities.get(row.facility_id) ?? zero();
        counts[category] += row.count;
        facilities.set(row.facility_id, counts);
      }
    }
    samples[category] =
      query.sample && totals[category]
        ? (await repo.page(db, category, ctx, query.sample, 0)).map((r) => toItem(category, r, ctx))
        : [];
  }
  const names = await repo.placeNames(db, [...communes.keys()], [...facilities.keys()]);
  const communeName = new Map(names.communes.map((c) => [c.id, c.name]));
  const facilityRow = new Map(names.facilities.map((f) => [f.id, f]));
  await audit.record(db, audit.auditActorOf(actor), 'data_quality.read', {
    details: { target: target.id ?? 'country', totals },
  });
  return {
    target: targetView(target),
    today,
    campaignStart: CAMPAIGN_START,
    totals,
    communes: [...communes]
      .map(([id, counts]) => ({ id, name: communeName.get(id) ?? id, counts }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    facilities: [...facilities]
      .map(([id, counts]) => ({
        id,
        name: facilityRow.get(id)?.name ?? id,
        communeName: facilityRow.get(id)?.commune_name ?? '',
        counts,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    samples,
  };
}

/** One page of a category's items within the caller's reach. Audited. */
export async function items(
  db: Kysely<DB>,
  actor: StaffActor,
  category: QualityCategory,
  query: { unit?: string; facility?: string; limit: number; offset: number },
  today: string,
) {
  const { target, ctx } = await context(db, actor, query, today);
  const total = (await repo.countByPlace(db, category, ctx)).reduce((s, r) => s + r.count, 0);
  const rows = total ? await repo.page(db, category, ctx, query.limit, query.offset) : [];
  await audit.record(db, audit.auditActorOf(actor), 'data_quality.items', {
    details: { target: target.id ?? 'country', category, offset: query.offset, results: rows.length },
  });
  return {
    items: rows.map((r) => toItem(category, r, ctx)),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
