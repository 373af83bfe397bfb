import path from 'node:path';
import type { ServerConfig } from '../config.ts';
import { type Database, openDatabase } from './database.ts';

/**
 * Opens the configured database for a server or CLI command (PGlite in `dataDir` unless a URL is set).
 * `pgliteSharedBuffersMb` trims the embedded engine's buffer pool for a command that must stay small.
 */
export function openConfiguredDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  options: { pgliteSharedBuffersMb?: number } = {},
): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl })
    : openDatabase({
        engine: 'pglite',
        dataDir: path.resolve(config.dataDir),
        sharedBuffersMb: options.pgliteSharedBuffersMb,
      });
}
