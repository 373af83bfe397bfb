import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from './data-dir.ts';

/** The instance secret: keys for hashing one-time codes and encrypting TOTP secrets derive from it. */
export interface InstanceSecret {
  /** A 32-byte key for one purpose (HKDF-SHA256 over the instance secret). */
  key(purpose: 'otp' | 'totp' | 'session'): Buffer;
}

/** Wraps raw secret material (any length ≥ 32 bytes of entropy is expected). */
export function instanceSecret(material: string | Buffer): InstanceSecret {
  const ikm = createHash('sha256').update(material).digest();
  const cache = new Map<string, Buffer>();
  return {
    key(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), `sskdt:${purpose}`, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}

/**
 * The secret from SSKDT_SECRET, else from `<dataDir>/secret.key`, created (mode 0600) on first start.
 * Several processes against one PostgreSQL must share it: set SSKDT_SECRET for them.
 */
export function loadInstanceSecret(dataDir: string, env = process.env): InstanceSecret {
  const fromEnv = env.SSKDT_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('SSKDT_SECRET must be at least 32 characters');
    return instanceSecret(fromEnv);
  }
  const file = path.join(dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    ensureDataDir(dataDir);
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return instanceSecret(fs.readFileSync(file, 'utf8').trim());
}
