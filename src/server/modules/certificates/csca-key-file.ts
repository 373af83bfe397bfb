import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../../data-dir.ts';
import { KeyError } from './keys.service.ts';

/**
 * The offline CSCA private key: a PKCS#8 PEM file `sskdt keys init` writes for the operator to move to
 * offline storage, and `sskdt keys rotate --csca-key FILE` reads back. With a passphrase the PEM is
 * encrypted (PKCS#8 with PBES2, AES-256-CBC), the form `openssl pkey` reads.
 */

/** The default file name in the current directory: `sskdt-csca-<kid>.key.pem` (kid made file-safe). */
export function defaultCscaKeyFile(kid: string, cwd = process.cwd()): string {
  const safe = Buffer.from(kid, 'base64').toString('base64url');
  return path.join(cwd, `sskdt-csca-${safe}.key.pem`);
}

/** Refuses a CSCA key file that already exists or lies inside the data directory (the backup copies it). */
export function checkCscaKeyTarget(file: string, dataDir: string) {
  if (isInside(dataDir, file))
    throw new KeyError(
      `--csca-key-out ${file} is inside the data directory ${dataDir}: the CSCA key must not travel with the database`,
    );
  if (fs.existsSync(file)) throw new KeyError(`${file} already exists: it is never overwritten`);
}

/** Writes the CSCA private key (PKCS#8 DER in) as PEM, mode 0600, refusing to overwrite a file. */
export function writeCscaKeyFile(file: string, pkcs8: Uint8Array, passphrase?: string) {
  if (passphrase !== undefined && passphrase.length < 12)
    throw new KeyError('the CSCA key passphrase must be at least 12 characters');
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const pem = passphrase
    ? key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    : key.export({ type: 'pkcs8', format: 'pem' });
  fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
}

/** Reads a CSCA private key file (PEM, encrypted or not) and answers its PKCS#8 DER. */
export function readCscaKeyFile(file: string, passphrase?: string): Uint8Array {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeyError(`cannot read the CSCA key file ${file}`);
  }
  const encrypted = text.includes('BEGIN ENCRYPTED PRIVATE KEY');
  if (encrypted && !passphrase)
    throw new KeyError(
      `${file} is encrypted: give its passphrase in SSKDT_CSCA_PASSPHRASE or with --csca-passphrase-file FILE`,
    );
  try {
    const key = createPrivateKey({ key: text, format: 'pem', ...(encrypted ? { passphrase } : {}) });
    return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  } catch {
    throw new KeyError(
      encrypted
        ? `cannot decrypt ${file}: wrong passphrase`
        : `${file} is not a PEM private key (the file \`sskdt keys init\` wrote)`,
    );
  }
}

/** The passphrase of the CSCA key file: a file's first line, else SSKDT_CSCA_PASSPHRASE, else none. */
export function cscaPassphrase(file: string | undefined, env = process.env): string | undefined {
  if (file) {
    const text = fs.readFileSync(file, 'utf8').split(/\r?\n/)[0];
    if (!text) throw new KeyError(`the passphrase file ${file} is empty`);
    return text;
  }
  return env.SSKDT_CSCA_PASSPHRASE || undefined;
}
