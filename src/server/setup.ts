import type { Kysely } from 'kysely';
import { type MigrationReport, migrate } from './db/migrator.ts';
import { loadReferenceData, type ReferenceLoadResult } from './db/reference-loader.ts';
import type { DB } from './db/schema.ts';
import { adminUnitsDataset } from './modules/places/places.reference.ts';
import {
  euDccValueSetsDataset,
  priorityGroupsDataset,
  vaccinesDataset,
} from './modules/vaccines/vaccines.reference.ts';

/** Every reference dataset the product ships, in load order. */
export const REFERENCE_DATASETS = [
  adminUnitsDataset,
  euDccValueSetsDataset,
  vaccinesDataset,
  priorityGroupsDataset,
];

export interface PrepareReport {
  migrations: MigrationReport;
  reference: ReferenceLoadResult[];
}

/** Brings a database up to date: applies pending migrations, then (re)loads changed reference data. */
export async function prepareDatabase(db: Kysely<DB>): Promise<PrepareReport> {
  const migrations = await migrate(db);
  const reference = await loadReferenceData(db, REFERENCE_DATASETS);
  return { migrations, reference };
}
