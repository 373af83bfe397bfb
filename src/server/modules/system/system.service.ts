import type { Kysely } from 'kysely';
import type { Overview } from '../../../shared/schemas/system.ts';
import { AppError } from '../../app-error.ts';
import type { Engine } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrator.ts';
import type { DB } from '../../db/schema.ts';
import * as repo from './system.repository.ts';

/** What `sskdt demo` records about the demo data it loaded. */
export interface DemoMarker {
  provinceId: string;
  provinceName: string;
  people: number;
  seed: number;
  loadedAt: string;
  /** Demo staff accounts (their password is DEMO_STAFF_PASSWORD). */
  staff?: {
    username: string;
    role: 'admin' | 'province_manager' | 'commune_manager' | 'site_staff' | 'clinic_staff';
    where: string;
  }[];
  /** Demo household accounts: sign in with the phone and the code the SMS channel delivers. */
  citizens?: { phone: string; members: number }[];
}

export const DEMO_SETTING = 'demo';

/** Ready when the database answers and no migration is pending; otherwise 503. */
export async function readiness(db: Kysely<DB>, engine: Engine) {
  try {
    await repo.ping(db);
    const pending = await pendingMigrations(db);
    const referenceDatasets = pending === 0 ? await repo.countReferenceDatasets(db) : 0;
    if (pending > 0 || referenceDatasets === 0) throw new Error('not migrated');
    return { status: 'ready' as const, engine, migrations: { pending }, referenceDatasets };
  } catch {
    throw new AppError('not_ready', 503, 'problem.unavailable');
  }
}

/** Public, aggregate-only overview for the landing page. */
export async function overview(db: Kysely<DB>, engine: Engine, version: string): Promise<Overview> {
  const [counts, demo] = [await repo.overviewCounts(db), await repo.getSetting<DemoMarker>(db, DEMO_SETTING)];
  return {
    version,
    engine,
    demo: demo
      ? {
          provinceId: demo.provinceId,
          provinceName: demo.provinceName,
          people: demo.people,
          loadedAt: demo.loadedAt,
        }
      : null,
    counts,
  };
}

/** Reads the demo marker, if demo data was loaded. */
export function demoMarker(db: Kysely<DB>) {
  return repo.getSetting<DemoMarker>(db, DEMO_SETTING);
}

/** Records that demo data was loaded. */
export function saveDemoMarker(db: Kysely<DB>, marker: DemoMarker) {
  return repo.putSetting(db, DEMO_SETTING, marker);
}
