import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Private keys at rest: AES-256-GCM under a key derived (scrypt) from a secret that never enters the
 * database nor the data directory (SSKDT_KEY_SECRET or SSKDT_KEY_FILE: `src/server/key-secret.ts`).
 * Sealed text: `v1.<iv>.<tag>.<ciphertext>` (base64url); the kid (or another label) is the additional
 * authenticated data, so a sealed key cannot be moved to another row.
 */

export interface KeySealer {
  seal(plain: Uint8Array, kid: string): string;
  open(sealed: string, kid: string): Uint8Array;
}

/** What a sealer's key is for: each purpose derives its own AES key from the one secret. */
export type SealPurpose = 'certificate-keys' | 'push-vapid';

/** A sealer under the key derived from `secret` for one purpose (certificate keys by default). */
export function keySealer(secret: string | Uint8Array, purpose: SealPurpose = 'certificate-keys'): KeySealer {
  if (secret.length < 16) throw new Error('the key secret must be at least 16 characters');
  const key = scryptSync(secret, `sskdt:${purpose}`, 32);
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
          `a private key (${purpose}) cannot be decrypted: SSKDT_KEY_SECRET / SSKDT_KEY_FILE is not the secret it was sealed with`,
        );
      }
    },
  };
}

/** Raised when a private key is needed but the instance has no key secret configured. */
export class NoKeySecretError extends Error {
  override name = 'NoKeySecretError';
  constructor() {
    super(
      'no key secret is configured: set SSKDT_KEY_SECRET (at least 16 characters) or SSKDT_KEY_FILE (a file outside the data directory), then restart',
    );
  }
}

/** The sealer of an instance without a key secret: every use fails with a message naming the settings. */
export function missingKeySealer(): KeySealer {
  return {
    seal() {
      throw new NoKeySecretError();
    },
    open() {
      throw new NoKeySecretError();
    },
  };
}
