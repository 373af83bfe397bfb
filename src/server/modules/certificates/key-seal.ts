import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Private keys at rest: AES-256-GCM under a key derived (scrypt) from a secret that never enters the
 * database — SSKDT_KEY_SECRET, else the file named by SSKDT_KEY_FILE, else `<dataDir>/certificate-keys.key`
 * (created, mode 0600, on first use). Sealed text: `v1.<iv>.<tag>.<ciphertext>` (base64url); the kid is
 * the additional authenticated data, so a sealed key cannot be moved to another row.
 */

export interface KeySealer {
  seal(plain: Uint8Array, kid: string): string;
  open(sealed: string, kid: string): Uint8Array;
}

export function keySealer(secret: string | Uint8Array): KeySealer {
  if (secret.length < 16) throw new Error('the certificate key secret must be at least 16 characters');
  const key = scryptSync(secret, 'sskdt:certificate-keys', 32);
  return {
    seal(plain, kid) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(kid, 'utf8'));
      const data = Buffer.concat([cipher.update(plain), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, kid) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed key');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return new Uint8Array(
          Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]),
        );
      } catch {
        throw new Error(
          'a certificate private key cannot be decrypted: SSKDT_KEY_SECRET / SSKDT_KEY_FILE is not the secret it was sealed with',
        );
      }
    },
  };
}

/** The key secret of this instance (see the module comment for where it comes from). */
export function loadKeySecret(dataDir: string, env = process.env): string {
  if (env.SSKDT_KEY_SECRET) return env.SSKDT_KEY_SECRET;
  if (env.SSKDT_KEY_FILE) return fs.readFileSync(env.SSKDT_KEY_FILE, 'utf8').trim();
  const file = path.join(dataDir, 'certificate-keys.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
