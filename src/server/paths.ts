import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json, migrations/ and reference/ live). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');
export const REFERENCE_DIR = path.join(ROOT_DIR, 'reference');
export const WEB_DIST_DIR = path.join(ROOT_DIR, 'dist', 'web');
