import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as people from '../modules/people/people.service.ts';
import { CURRENT_EDITION, unitId } from '../modules/places/places.reference.ts';
import * as places from '../modules/places/places.service.ts';
import type { DemoMarker } from '../modules/system/system.service.ts';
import * as system from '../modules/system/system.service.ts';
import { createDemoAccounts } from './demo-accounts.ts';
import { createDemoTallies } from './demo-tallies.ts';
import { createDemoVaccination, type DemoVaccinationReport } from './demo-vaccination.ts';
import { generatePerson, type PeopleContext } from './people.ts';
import { Random } from './random.ts';

export interface DemoOptions {
  /** 2-digit code of a 2025 province, e.g. "01" (Hà Nội). */
  province: string;
  people: number;
  seed: number;
  /** Reference moment for ages and the vaccination calendar (tests pin it); now by default. */
  today?: Date;
  onProgress?: (done: number, total: number, stage: string) => void;
  /** Stops between batches (Ctrl-C during start-up); the batches written stay, the marker is not written. */
  signal?: AbortSignal;
}

export interface DemoReport {
  staff: NonNullable<DemoMarker['staff']>;
  citizens: NonNullable<DemoMarker['citizens']>;
  provinceId: string;
  provinceName: string;
  people: number;
  facilities: number;
  skipped: number;
  /** What the vaccination demo added (the first load only). */
  vaccination: DemoVaccinationReport | null;
}

const BATCH = 1000;

/**
 * Loads synthetic, clearly marked (`is_demo`) data for one province, with the demo marker the web app
 * shows, all in one transaction: an interrupted load (Ctrl-C, a crash) leaves nothing behind, so the
 * next start simply loads again. Rows go in 1,000 at a time, with progress after each batch.
 */
export function loadDemoData(db: Kysely<DB>, options: DemoOptions): Promise<DemoReport> {
  return db.transaction().execute((trx) => load(trx, options));
}

async function load(db: Kysely<DB>, options: DemoOptions): Promise<DemoReport> {
  const provinceId = unitId(CURRENT_EDITION, options.province);
  const province = await places.findUnit(db, provinceId);
  if (province?.level !== 'province' || province.validTo) {
    throw new Error(`Unknown 2025 province code ${options.province} (try 01 Hà Nội, 79 Hồ Chí Minh)`);
  }
  const communes = await places.communesOfProvince(db, provinceId);
  const predecessors = await places.predecessorProvinces(db, provinceId);
  const allProvinces = await places.searchUnits(db, {
    edition: '2008',
    level: 'province',
    limit: 200,
    offset: 0,
  });
  const random = new Random(options.seed);
  const ctx: PeopleContext = {
    communes: communes.map((c) => ({ id: c.id, kind: c.kind })),
    birthProvinceCodes: predecessors.length ? predecessors.map((p) => p.code) : [options.province],
    allProvinceCodes: allProvinces.items.map((p) => p.code),
    today: options.today ?? new Date(),
  };

  options.onProgress?.(0, options.people, 'facilities');
  const facilities = await places.insertFacilities(
    db,
    communes.map((c) => ({
      code: `TYT-${c.code}`,
      name: `Trạm Y tế ${c.kind.toLowerCase()} ${c.short_name}`,
      kind: 'commune_health_station' as const,
      unit_id: c.id,
      address_line: null,
      capacity_per_day: random.pick([100, 150, 200, 300]),
      is_demo: true,
    })),
  );

  const usedCccd = new Set<string>();
  let inserted = 0;
  for (let done = 0; done < options.people; ) {
    // PGlite answers through microtasks only; without a turn of the event loop a signal would not be
    // seen until the whole load is over.
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    const size = Math.min(BATCH, options.people - done);
    const rows = Array.from({ length: size }, () => generatePerson(random, ctx, usedCccd));
    inserted += await people.insertPeopleBatch(db, rows);
    done += size;
    options.onProgress?.(done, options.people, 'people');
  }

  options.onProgress?.(options.people, options.people, 'accounts');
  const first = communes[0];
  const previous = await system.demoMarker(db);
  // Demo sign-ins are made once; `sskdt demo --append` only adds people.
  const accounts = previous?.staff?.length
    ? { staff: [], citizens: [], households: [] }
    : await createDemoAccounts(
        db,
        { id: province.id, code: province.code, name: province.name },
        { id: first.id, code: first.code, name: first.name },
      );
  // The vaccination loop (lots, histories, sessions, registrations, reactions) comes with the first load.
  let vaccination: DemoVaccinationReport | null = null;
  if (!previous) {
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    options.onProgress?.(options.people, options.people, 'vaccination');
    vaccination = await createDemoVaccination(db, random, {
      now: ctx.today,
      provinceId,
      communeId: first.id,
      households: accounts.households,
    });
    // Site tallies a little above the records, so the completeness dashboard has a story to tell.
    await createDemoTallies(db, new Random(options.seed ^ 0x7a11), ctx.today);
  }

  const report = {
    staff: accounts.staff ?? [],
    citizens: accounts.citizens ?? [],
    provinceId,
    provinceName: province.name,
    people: inserted,
    facilities,
    skipped: options.people - inserted,
    vaccination,
  };
  await system.saveDemoMarker(db, {
    provinceId,
    provinceName: province.name,
    people: (previous?.people ?? 0) + inserted,
    seed: options.seed,
    loadedAt: new Date().toISOString(),
    staff: [...(previous?.staff ?? []), ...(accounts.staff ?? [])],
    citizens: [...(previous?.citizens ?? []), ...(accounts.citizens ?? [])],
  });
  return report;
}
