import { z } from 'zod';

/** base64url (padding allowed) that decodes to exactly `bytes` bytes. */
const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .refine((value) => Math.floor((value.replace(/=+$/, '').length * 3) / 4) === bytes, {
      message: `must encode ${bytes} bytes`,
    });

/**
 * A browser's PushSubscription as `subscription.toJSON()` gives it. Push services speak HTTPS only, and
 * the server will POST to this address, so nothing else is accepted.
 */
export const pushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64url(65),
    /** The 16-byte authentication secret. */
    auth: base64url(16),
  }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = z.object({ endpoint: z.url({ protocol: /^https$/ }).max(2048) });

export const pushPublicKeySchema = z.object({
  publicKey: z.string().describe('The VAPID public key (base64url): applicationServerKey for subscribe()'),
});

export const pushSubscribedSchema = z.object({ id: z.string() });
