import { Option } from 'commander';

/** The database options every command that opens the database shares. */
export function databaseOptions() {
  return [
    new Option('--data-dir <dir>', 'embedded database directory (PGlite)')
      .env('SSKDT_DATA_DIR')
      .default('./.sskdt'),
    new Option('--database-url <url>', 'use PostgreSQL instead of the embedded database').env('DATABASE_URL'),
  ];
}

/** Parses an integer option or exits with a usage error. */
export function parseIntOption(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number (got "${value}")`);
    return n;
  };
}
