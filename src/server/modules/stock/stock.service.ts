import type { Kysely } from 'kysely';
import { addDays } from '../../../shared/rules/dates.ts';
import { AppError } from '../../app-error.ts';
import type { DB, StockMovementKind } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { facilitiesInReach, managedUnit, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as repo from './stock.repository.ts';

export const EXPIRY_WARNING_DAYS = 30;

/** The stock holder of a facility. */
export const facilityHolder = (facilityId: string) => `facility:${facilityId}`;

type LotRow = NonNullable<Awaited<ReturnType<typeof repo.findLot>>>;

function toLot(row: LotRow) {
  return {
    id: row.id,
    vaccineCode: row.vaccine_code,
    lotNumber: row.lot_number,
    expiresOn: row.expires_on,
    dosesPerVial: row.doses_per_vial,
  };
}

/** Registers a lot (idempotent on vaccine + lot number). */
export async function createLot(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { vaccineCode: string; lotNumber: string; expiresOn: string; dosesPerVial: number },
) {
  if (!(await repo.vaccineExists(db, input.vaccineCode)))
    throw AppError.validation([{ field: 'vaccineCode', in: 'body', code: 'field.invalid_value' }]);
  const lot = await ensureLot(db, { ...input, lotNumber: input.lotNumber.trim().toUpperCase() });
  await audit.record(db, audit.auditActorOf(actor), 'stock.lot_create', {
    recordType: 'vaccine_lot',
    recordId: lot.id,
  });
  return lot;
}

/** A lot that exists, else 400 naming the field. */
export async function requireLot(db: Kysely<DB>, lotId: string, field = 'lotId') {
  const lot = await repo.findLot(db, lotId);
  if (!lot) throw AppError.validation([{ field, in: 'body', code: 'field.invalid_value' }]);
  return toLot(lot);
}

/** The holders a staff member may move stock for or read: national, their unit(s) or their facility. */
async function holdersOf(db: Kysely<DB>, actor: StaffActor): Promise<string[] | 'all'> {
  const facilities = await facilitiesInReach(db, actor.scope);
  if (!facilities) return 'all';
  const unit = managedUnit(actor.scope);
  return [...(unit ? [`unit:${unit}`] : []), ...facilities.map(facilityHolder)];
}

/**
 * Records a stock movement: receipt (into a store), allocation (store → store or site), wastage
 * (opened vials, out of a site) or return (site → store). The source must be within the caller's reach.
 */
export async function recordMovement(
  db: Kysely<DB>,
  actor: StaffActor,
  input: {
    id?: string;
    lotId: string;
    kind: Exclude<StockMovementKind, 'use' | 'void_use'>;
    from?: string;
    to?: string;
    quantity: number;
    note?: string;
  },
) {
  const needsFrom = input.kind !== 'receipt';
  const needsTo = input.kind !== 'wastage';
  if (needsFrom && !input.from)
    throw AppError.validation([{ field: 'from', in: 'body', code: 'field.required' }]);
  if (needsTo && !input.to) throw AppError.validation([{ field: 'to', in: 'body', code: 'field.required' }]);
  const reach = await holdersOf(db, actor);
  const acting = needsFrom ? input.from! : input.to!;
  if (reach !== 'all' && !reach.includes(acting)) throw AppError.notFound();
  return inTransaction(db, async (trx) => {
    await requireLot(trx, input.lotId);
    if (input.id && (await repo.movementExists(trx, input.id))) return { recorded: false };
    if (needsFrom) {
      // Stock never goes below zero through a movement: the level row stays locked until commit.
      const available = await repo.quantityForUpdate(trx, input.from!, input.lotId);
      if (available < input.quantity)
        throw new AppError('stock_insufficient', 409, 'stock.insufficient', [
          { field: 'quantity', in: 'body', code: 'stock.insufficient', params: { available } },
        ]);
    }
    const recorded = await repo.insertMovement(trx, {
      id: input.id,
      lot_id: input.lotId,
      kind: input.kind,
      from_holder: needsFrom ? input.from! : null,
      to_holder: needsTo ? input.to! : null,
      quantity: input.quantity,
      note: input.note,
      recorded_by: actor.staffId,
    });
    if (recorded)
      await audit.record(trx, audit.auditActorOf(actor), `stock.${input.kind}`, {
        recordType: 'vaccine_lot',
        recordId: input.lotId,
        details: { quantity: input.quantity, from: input.from, to: input.to },
      });
    return { recorded };
  });
}

/** One dose used (or given back when the dose is voided), inside the dose's transaction. */
export async function recordUse(
  db: Kysely<DB>,
  facilityId: string,
  lotId: string,
  doseId: string,
  reverse = false,
) {
  await repo.insertMovement(db, {
    lot_id: lotId,
    kind: reverse ? 'void_use' : 'use',
    from_holder: reverse ? null : facilityHolder(facilityId),
    to_holder: reverse ? facilityHolder(facilityId) : null,
    quantity: 1,
    dose_id: doseId,
  });
}

/**
 * Stock per holder and lot within reach (or at one facility), with warnings for lots expired or
 * expiring within 30 days, the doses on hand added up, and, for one facility, where its returns go.
 */
export async function stockLevels(
  db: Kysely<DB>,
  actor: StaffActor,
  today: string,
  query: { facilityId?: string } = {},
) {
  let facility = null;
  let holders = await holdersOf(db, actor);
  if (query.facilityId) {
    const row = await repo.facilityWithProvince(db, actor.scope, query.facilityId);
    if (!row) throw AppError.notFound();
    facility = {
      id: row.id,
      name: row.name,
      unitName: row.unit_name,
      returnTo: `unit:${row.province_id ?? row.unit_id}`,
      returnToName: row.province_name ?? row.unit_name,
    };
    holders = [facilityHolder(row.id)];
  }
  const rows = await repo.levelsWithHolders(db, holders === 'all' ? null : holders);
  const soon = addDays(today, EXPIRY_WARNING_DAYS);
  const items = rows.map((r) => ({
    holder: r.holder,
    holderName: r.facility_name ?? r.store_unit_name ?? null,
    facilityId: r.facility_id ?? null,
    unitName: r.facility_unit_name ?? r.store_unit_name ?? null,
    quantity: r.quantity,
    lot: {
      id: r.id,
      vaccineCode: r.vaccine_code,
      lotNumber: r.lot_number,
      expiresOn: r.expires_on,
      dosesPerVial: r.doses_per_vial,
    },
    warning:
      r.expires_on < today ? ('expired' as const) : r.expires_on <= soon ? ('expiring' as const) : null,
  }));
  const totals = {
    quantity: 0,
    expired: 0,
    expiring: 0,
    byVaccine: [] as { vaccineCode: string; quantity: number }[],
  };
  const byVaccine = new Map<string, number>();
  for (const item of items) {
    if (item.quantity <= 0) continue;
    totals.quantity += item.quantity;
    if (item.warning === 'expired') totals.expired += item.quantity;
    if (item.warning === 'expiring') totals.expiring += item.quantity;
    byVaccine.set(item.lot.vaccineCode, (byVaccine.get(item.lot.vaccineCode) ?? 0) + item.quantity);
  }
  totals.byVaccine = [...byVaccine]
    .map(([vaccineCode, quantity]) => ({ vaccineCode, quantity }))
    .sort((a, b) => a.vaccineCode.localeCompare(b.vaccineCode));
  return { items, totals, facility };
}

export const movementBalance = repo.movementBalance;
/** The lots, of one vaccine on request. */
export async function listLots(db: Kysely<DB>, vaccineCode?: string) {
  return (await repo.listLots(db, vaccineCode)).map(toLot);
}

/** A lot by vaccine and number, created when missing (demo data and imports). */
export async function ensureLot(
  db: Kysely<DB>,
  input: { vaccineCode: string; lotNumber: string; expiresOn: string; dosesPerVial: number },
) {
  const row =
    (await repo.insertLot(db, {
      vaccine_code: input.vaccineCode,
      lot_number: input.lotNumber,
      expires_on: input.expiresOn,
      doses_per_vial: input.dosesPerVial,
    })) ?? (await repo.findLotByNumber(db, input.vaccineCode, input.lotNumber));
  return toLot(row!);
}
