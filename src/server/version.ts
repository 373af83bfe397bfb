import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from './paths.ts';

/** The package version from package.json. */
export const APP_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8'),
).version;
