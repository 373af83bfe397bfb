import { type Kysely, sql } from 'kysely';
import { addDays } from '../../shared/rules/dates.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { DB, StockMovementKind } from '../db/schema.ts';
import * as stock from '../modules/stock/stock.service.ts';
import type { Random } from './random.ts';

/** A demo lot and the part of the history it supplied. */
export interface DemoLot {
  id: string;
  vaccineCode: string;
  lotNumber: string;
  expiresOn: string;
  dosesPerVial: number;
  /** The newer lot of its vaccine: in use for the last two months, and what sites hold today. */
  current: boolean;
}

/** Two lots per vaccine: the older one supplied the history, the newer one the last two months. */
const LOTS: readonly { vaccineCode: string; numbers: [string, string]; dosesPerVial: number }[] = [
  { vaccineCode: 'PFIZER', numbers: ['FK8891', 'FL4213'], dosesPerVial: 6 },
  { vaccineCode: 'AZ', numbers: ['ABV5811', 'ABX1503'], dosesPerVial: 10 },
  { vaccineCode: 'MODERNA', numbers: ['3003327', '3005412'], dosesPerVial: 10 },
  { vaccineCode: 'VEROCELL', numbers: ['202108B2316', '202203A1124'], dosesPerVial: 1 },
  { vaccineCode: 'JANSSEN', numbers: ['213C21A', '215D21B'], dosesPerVial: 5 },
  { vaccineCode: 'ABDALA', numbers: ['1B2106', '1B2201'], dosesPerVial: 10 },
];

/** Days before today from which doses come from a vaccine's newer lot. */
const CURRENT_LOT_DAYS = 60;

/** The vaccine whose older lot expires within 30 days (the stock screens warn about it). */
export const EXPIRING_VACCINE = 'PFIZER';

/**
 * Registers the demo lots with expiry dates relative to today: none expired, Pfizer's older lot
 * within the 30-day warning, the others months ahead.
 */
export async function createDemoLots(db: Kysely<DB>, random: Random, today: string): Promise<DemoLot[]> {
  const lots: DemoLot[] = [];
  for (const { vaccineCode, numbers, dosesPerVial } of LOTS) {
    for (const [i, lotNumber] of numbers.entries()) {
      const current = i === 1;
      const expiresOn = current
        ? addDays(today, random.int(240, 420))
        : vaccineCode === EXPIRING_VACCINE
          ? addDays(today, 21)
          : addDays(today, random.int(60, 150));
      const lot = await stock.ensureLot(db, { vaccineCode, lotNumber, expiresOn, dosesPerVial });
      lots.push({ ...lot, current });
    }
  }
  return lots;
}

/** The lot a dose of a vaccine given on a day came from. */
export function lotFor(lots: readonly DemoLot[], vaccineCode: string, date: string, today: string): DemoLot {
  const current = date >= addDays(today, -CURRENT_LOT_DAYS);
  const lot = lots.find((l) => l.vaccineCode === vaccineCode && l.current === current);
  if (!lot) throw new Error(`No demo lot of ${vaccineCode}`);
  return lot;
}

/** A dose as the stock sees it: one unit used at a facility. */
export interface StockUse {
  doseId: string;
  lotId: string;
  facilityId: string;
  givenAt: Date;
}

type MovementRow = {
  lot_id: string;
  kind: StockMovementKind;
  from_holder: string | null;
  to_holder: string | null;
  quantity: number;
  dose_id: string | null;
  note: string | null;
  recorded_at: Date;
};

const MOVEMENT_COLUMNS = {
  lot_id: 'uuid',
  kind: 'text',
  from_holder: 'text',
  to_holder: 'text',
  quantity: 'integer',
  dose_id: 'uuid',
  note: 'text',
  recorded_at: 'timestamptz',
} as const;

const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);
const earlier = (a: Date, b: Date) => (a < b ? a : b);

/**
 * The supply chain behind the demo doses, as movements: each lot received at the national store,
 * allocated to the province, then to every facility that used it (and every facility gets the current
 * Pfizer and Moderna lots for its sessions); one use per dose; some opened vials wasted; one return of
 * the expiring lot to the province. Allocations are whole vials and cover every use, so no holder ever
 * goes below zero. The rollup is rebuilt from the movements, so it equals them exactly.
 */
export async function writeSupplyChain(
  db: Kysely<DB>,
  random: Random,
  input: {
    lots: readonly DemoLot[];
    uses: readonly StockUse[];
    facilityIds: readonly string[];
    provinceId: string;
    /** The facility that returns part of the expiring lot. */
    returningFacilityId: string;
    today: string;
    now: Date;
  },
) {
  const { lots, uses, today, now } = input;
  const province = `unit:${input.provinceId}`;
  const rows: MovementRow[] = [];
  const move = (row: Omit<MovementRow, 'dose_id' | 'note'> & { dose_id?: string; note?: string }) =>
    rows.push({ dose_id: null, note: null, ...row });
  const usesBy = new Map<string, StockUse[]>();
  const firstUse = new Map<string, string>();
  const sorted = [...uses].sort((a, b) => a.givenAt.getTime() - b.givenAt.getTime());
  for (const use of sorted) {
    const key = `${use.facilityId}|${use.lotId}`;
    const list = usesBy.get(key);
    if (list) list.push(use);
    else usesBy.set(key, [use]);
    const day = use.givenAt.toISOString().slice(0, 10);
    if (!firstUse.has(use.lotId) || day < firstUse.get(use.lotId)!) firstUse.set(use.lotId, day);
  }
  const expiring = lots.find((l) => l.vaccineCode === EXPIRING_VACCINE && !l.current);

  for (const lot of lots) {
    const start = firstUse.get(lot.id) ?? addDays(today, -7);
    const allocatedAt = at(addDays(start, -7), 9);
    let toProvince = random.int(5, 40) * lot.dosesPerVial;
    for (const facilityId of input.facilityIds) {
      const used = usesBy.get(`${facilityId}|${lot.id}`) ?? [];
      const returning = lot === expiring && facilityId === input.returningFacilityId;
      const stocked = lot.current && ['PFIZER', 'MODERNA'].includes(lot.vaccineCode);
      if (!used.length && !returning && !stocked) continue;
      const holder = stock.facilityHolder(facilityId);
      const wasted =
        used.length && random.chance(0.12) ? random.int(1, Math.max(1, lot.dosesPerVial - 1)) : 0;
      const returned = returning ? 2 * lot.dosesPerVial : 0;
      const keep = (lot.current ? random.int(2, 12) : returning ? 1 : random.int(0, 2)) * lot.dosesPerVial;
      const vials = Math.ceil((used.length + wasted + returned + keep) / lot.dosesPerVial);
      if (!vials) continue;
      const quantity = vials * lot.dosesPerVial;
      toProvince += quantity;
      move({
        lot_id: lot.id,
        kind: 'allocation',
        from_holder: province,
        to_holder: holder,
        quantity,
        recorded_at: allocatedAt,
      });
      for (const use of used)
        move({
          lot_id: lot.id,
          kind: 'use',
          from_holder: holder,
          to_holder: null,
          quantity: 1,
          dose_id: use.doseId,
          recorded_at: use.givenAt,
        });
      const lastUse = used.length ? used[used.length - 1].givenAt : allocatedAt;
      if (wasted)
        move({
          lot_id: lot.id,
          kind: 'wastage',
          from_holder: holder,
          to_holder: null,
          quantity: wasted,
          note: 'Lọ đã mở quá 6 giờ / opened vial past 6 hours',
          recorded_at: earlier(new Date(lastUse.getTime() + 4 * 3600_000), now),
        });
      if (returned)
        move({
          lot_id: lot.id,
          kind: 'return',
          from_holder: holder,
          to_holder: province,
          quantity: returned,
          note: 'Lô sắp hết hạn, trả về kho tỉnh / lot near expiry, returned to the province store',
          recorded_at: earlier(new Date(Math.max(lastUse.getTime(), now.getTime() - 86_400_000)), now),
        });
    }
    const received = toProvince + random.int(10, 100) * lot.dosesPerVial;
    move({
      lot_id: lot.id,
      kind: 'receipt',
      from_holder: null,
      to_holder: 'national',
      quantity: received,
      note: 'Tiếp nhận / received',
      recorded_at: at(addDays(start, -14), 9),
    });
    move({
      lot_id: lot.id,
      kind: 'allocation',
      from_holder: 'national',
      to_holder: province,
      quantity: toProvince,
      recorded_at: at(addDays(start, -10), 9),
    });
  }
  for (let i = 0; i < rows.length; i += 5000)
    await bulkInsert('stock_movement', MOVEMENT_COLUMNS, rows.slice(i, i + 5000)).execute(db);
  await rebuildLevels(
    db,
    lots.map((l) => l.id),
  );
  return rows.length;
}

/** Sets the rollup of some lots to the sum of their movements per holder. */
async function rebuildLevels(db: Kysely<DB>, lotIds: string[]) {
  await sql`
    insert into stock_level (holder, lot_id, quantity)
    select holder, lot_id, sum(delta)::integer from (
      select to_holder as holder, lot_id, quantity as delta from stock_movement
       where to_holder is not null and lot_id = any(${lotIds}::uuid[])
      union all
      select from_holder, lot_id, -quantity from stock_movement
       where from_holder is not null and lot_id = any(${lotIds}::uuid[])
    ) m group by holder, lot_id
    on conflict (holder, lot_id) do update set quantity = excluded.quantity`.execute(db);
}
