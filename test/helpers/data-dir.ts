import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../../src/server/db/database.ts';

/**
 * A new PGlite data directory holding a copy of the run's template database (migrated, reference data
 * loaded), for `sskdt` commands to open: they skip the embedded initdb and the migrations, several
 * seconds of CPU per directory on a busy machine.
 */
export async function templateDataDir(prefix: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const database = await openDatabase({ engine: 'pglite', dataDir: dir, loadDataDir: blob });
  await database.close();
  return dir;
}
