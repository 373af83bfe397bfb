import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './data-dir.ts';

/**
 * Where the key secret comes from — the secret that seals the DSC private keys and the Web Push key in
 * the database. It must never travel with the database, so it is never in the data directory (which the
 * backup instructions copy): SSKDT_KEY_SECRET, or the file SSKDT_KEY_FILE names outside the data
 * directory. A production instance without one runs with certificates and Web Push off, and refuses to
 * start once the database holds sealed keys (`main.ts`). The demo (`--demo`) keeps its own secret in a
 * sibling of the data directory, `<dataDir>.secrets/`, made on first use.
 */

/** The name of the secret file older versions kept inside the data directory. */
export const LEGACY_KEY_FILE = 'certificate-keys.key';
const MIN_LENGTH = 16;

export interface KeySecretSettings {
  dataDir: string;
  /** SSKDT_KEY_SECRET */
  keySecret?: string;
  /** SSKDT_KEY_FILE */
  keyFile?: string;
  demo?: boolean;
}

export interface ResolvedKeySecret {
  secret: string;
  /** Where it came from, for messages (never the secret itself). */
  source: string;
  /** Something the operator should be told once (a file created or moved, a loose file mode). */
  notice?: string;
}

/** A key secret that cannot be used as configured; the message says what to do. */
export class KeySecretError extends Error {
  override name = 'KeySecretError';
}

/** The demo's key secret file: beside the data directory, never in it. */
export function demoKeySecretFile(dataDir: string): string {
  return path.join(`${path.resolve(dataDir)}.secrets`, LEGACY_KEY_FILE);
}

/**
 * The instance's key secret, or null when none is configured (production without one). `create` makes
 * a missing SSKDT_KEY_FILE (for `sskdt keys init`); a server never creates it, so a mistyped path is an
 * error instead of a new secret that opens nothing.
 */
export function resolveKeySecret(
  settings: KeySecretSettings,
  options: { create?: boolean } = {},
): ResolvedKeySecret | null {
  const dataDir = path.resolve(settings.dataDir);
  const legacy = path.join(dataDir, LEGACY_KEY_FILE);
  if (settings.demo && !settings.keySecret && !settings.keyFile) return demoSecret(dataDir, legacy);
  if (fs.existsSync(legacy)) throw new KeySecretError(legacyMessage(dataDir, legacy, settings));
  if (settings.keySecret) {
    if (settings.keySecret.length < MIN_LENGTH)
      throw new KeySecretError(`SSKDT_KEY_SECRET must be at least ${MIN_LENGTH} characters`);
    return { secret: settings.keySecret, source: 'SSKDT_KEY_SECRET' };
  }
  if (settings.keyFile) return fromFile(dataDir, path.resolve(settings.keyFile), options.create ?? false);
  return null;
}

function fromFile(dataDir: string, file: string, create: boolean): ResolvedKeySecret {
  if (isInside(dataDir, file))
    throw new KeySecretError(
      `SSKDT_KEY_FILE (${file}) is inside the data directory ${dataDir}: every backup of the database would carry the secret that opens its keys. Put it outside the data directory (e.g. /etc/sskdt/key-secret, mode 600).`,
    );
  let notice: string | undefined;
  if (!fs.existsSync(file)) {
    if (!create)
      throw new KeySecretError(
        `SSKDT_KEY_FILE names ${file}, which does not exist (\`sskdt keys init\` creates it; restore it from where you keep the key secret)`,
      );
    writeSecretFile(file);
    notice = `Created the key secret ${file} (mode 600). Keep a copy apart from the database backups: without it the signing keys cannot be opened.`;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_LENGTH)
    throw new KeySecretError(`SSKDT_KEY_FILE (${file}) must hold at least ${MIN_LENGTH} characters`);
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0)
    notice = `${notice ? `${notice} ` : ''}The key secret file ${file} can be read by other users: chmod 600 ${file}`;
  return { secret, source: file, ...(notice ? { notice } : {}) };
}

function demoSecret(dataDir: string, legacy: string): ResolvedKeySecret {
  const file = demoKeySecretFile(dataDir);
  let notice: string | undefined;
  if (fs.existsSync(legacy)) {
    if (fs.existsSync(file))
      throw new KeySecretError(
        `Two demo key secrets: ${legacy} (old place, inside the data directory) and ${file}. Keep the one the keys were sealed with, outside the data directory, and delete the other.`,
      );
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    moveFile(legacy, file);
    notice = `Moved the demo key secret out of the data directory: ${legacy} → ${file}`;
  } else if (!fs.existsSync(file)) {
    writeSecretFile(file);
    notice = `Demo key secret: ${file} (outside the data directory; delete it together with ${dataDir})`;
  }
  return { secret: fs.readFileSync(file, 'utf8').trim(), source: file, ...(notice ? { notice } : {}) };
}

function writeSecretFile(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
}

function moveFile(from: string, to: string) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(to, 0o600);
    fs.rmSync(from);
  }
}

function legacyMessage(dataDir: string, legacy: string, settings: KeySecretSettings): string {
  if (settings.keySecret || settings.keyFile)
    return (
      `${legacy} is an old copy of the key secret inside the data directory, where every backup copies it. ` +
      `${settings.keySecret ? 'SSKDT_KEY_SECRET' : 'SSKDT_KEY_FILE'} is set: check that it holds the same secret, then delete ${legacy} and start again.`
    );
  return [
    `The key secret that seals the certificate signing keys is inside the data directory (${legacy}), so every backup of ${dataDir} carries it next to the keys it opens. Move it out before starting, e.g.:`,
    `  mkdir -p -m 700 /etc/sskdt && mv ${legacy} /etc/sskdt/key-secret`,
    '  then start with SSKDT_KEY_FILE=/etc/sskdt/key-secret (or put its content in SSKDT_KEY_SECRET).',
    'Back that file up apart from the database. (A demo started with --demo moves it by itself.)',
  ].join('\n');
}
