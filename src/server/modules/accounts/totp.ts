import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { InstanceSecret } from '../../secrets.ts';

/** A fresh TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s: what authenticator apps expect). */
export function newTotp(username: string) {
  const totp = new OTPAuth.TOTP({
    issuer: 'SSKDT',
    label: username,
    secret: new OTPAuth.Secret({ size: 20 }),
  });
  return { secret: totp.secret.base32, uri: totp.toString() };
}

export const TOTP_PERIOD_SECONDS = 30;

/**
 * The time step a code belongs to when it is valid for the secret now (one step of clock drift either
 * way), else null. Callers remember the step so a code is accepted once (RFC 6238 §5.2).
 */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32) });
  const delta = totp.validate({ token: code.replace(/\s/g, ''), window: 1, timestamp: now.getTime() });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The current code for a secret (tests and the demo use it). */
export function totpNow(secretBase32: string, now: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32) }).generate({
    timestamp: now.getTime(),
  });
}

/** Encrypts a TOTP secret for storage (AES-256-GCM with the instance's TOTP key). */
export function sealSecret(secret: InstanceSecret, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret.key('totp'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(
    '.',
  );
}

/** Decrypts a stored TOTP secret. */
export function openSecret(secret: InstanceSecret, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1') throw new Error('Unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', secret.key('totp'), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
