import type { Kysely } from 'kysely';
import { AppError } from '../server/app-error.ts';
import { loadServerConfig } from '../server/config.ts';
import { openConfiguredDatabase } from '../server/db/configured.ts';
import type { DB } from '../server/db/schema.ts';
import { prepareDatabase } from '../server/setup.ts';
import { formatMessage } from '../shared/messages.ts';

/** The database options of a command (`--data-dir`, `--database-url`). */
export interface DatabaseOpts {
  dataDir: string;
  databaseUrl?: string;
}

/**
 * Runs one command's work on the configured database (migrated first) and closes it; a validation
 * error becomes one readable line naming each field, the way the CLI prints errors.
 */
export async function withDatabase<T>(opts: DatabaseOpts, run: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const config = loadServerConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database.db);
    return await run(database.db);
  } catch (error) {
    if (error instanceof AppError) {
      const detail = error.fields
        .map((f) => `${f.field}: ${formatMessage(f.code, 'en', f.params)}`)
        .join('; ');
      throw new Error(detail || formatMessage(error.messageCode, 'en', error.params));
    }
    throw error;
  } finally {
    await database.close();
  }
}
