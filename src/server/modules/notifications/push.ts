import type { Kysely } from 'kysely';
import { type Dispatcher, request } from 'undici';
import webpush from 'web-push';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { getSetting } from '../system/system.repository.ts';

/** The VAPID key pair of the instance (base64url), shared by every server process through the database. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const VAPID_SETTING = 'push.vapid';
const cache = new WeakMap<Kysely<DB>, Promise<VapidKeys>>();

/**
 * The instance's VAPID keys, generated and stored on first use (at start-up). Two processes starting at
 * once may both generate a pair: the insert that loses does nothing and both read the stored one back.
 */
export function vapidKeys(db: Kysely<DB>): Promise<VapidKeys> {
  let keys = cache.get(db);
  if (!keys) {
    keys = (async () => {
      const stored = await getSetting<VapidKeys>(db, VAPID_SETTING);
      if (stored?.publicKey && stored.privateKey) return stored;
      const fresh = webpush.generateVAPIDKeys();
      await db
        .insertInto('instance_setting')
        .values({ key: VAPID_SETTING, value: JSON.stringify(fresh) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (await getSetting<VapidKeys>(db, VAPID_SETTING)) ?? fresh;
    })();
    keys.catch(() => cache.delete(db));
    cache.set(db, keys);
  }
  return keys;
}

/** A browser's PushSubscription as stored (keys base64url). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushPayload {
  title: string;
  body: string;
  url: string;
}

/** 'sent', or 'gone' when the push service says the subscription no longer exists (404/410). */
export type PushOutcome = 'sent' | 'gone';

export interface PushSender {
  send(
    target: PushTarget,
    payload: PushPayload,
    options: { ttlSeconds: number; urgency: 'very-low' | 'low' | 'normal' | 'high'; topic?: string },
  ): Promise<PushOutcome>;
}

/** A push service's error answer (its status only: bodies may echo the endpoint). */
export class PushServiceError extends Error {
  constructor(readonly statusCode: number) {
    super(`Push service answered ${statusCode}`);
    this.name = 'PushServiceError';
  }
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and an aes128gcm-encrypted JSON payload (RFC 8291). The
 * `web-push` package builds the request (encryption, VAPID JWT, TTL, Urgency); undici sends it over a
 * keep-alive pool with a timeout (web-push's own sender only speaks https.request without pooling).
 */
export function webPushSender(
  db: Kysely<DB>,
  options: { subject: string; timeoutMs?: number; dispatcher?: Dispatcher },
): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(target, payload, sendOptions) {
      const keys = await vapidKeys(db);
      const details = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: { subject: options.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: sendOptions.ttlSeconds,
          urgency: sendOptions.urgency,
          topic: sendOptions.topic,
          contentEncoding: 'aes128gcm',
        },
      );
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(details.headers))
        headers[name.toLowerCase()] = String(value);
      const response = await request(details.endpoint, {
        method: 'POST',
        headers,
        body: details.body,
        dispatcher: options.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode === 404 || response.statusCode === 410) return 'gone';
      if (response.statusCode < 200 || response.statusCode > 299)
        throw new PushServiceError(response.statusCode);
      return 'sent';
    },
  };
}

/**
 * Saves a subscription for an account. A device that signs in to another account gets a new row (the old
 * one is deleted), so messages queued for the previous account are skipped instead of reaching it.
 */
export async function saveSubscription(db: Kysely<DB>, accountId: string, target: PushTarget, now: Date) {
  return inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('push_subscription')
      .where('endpoint', '=', target.endpoint)
      .where('account_id', '<>', accountId)
      .execute();
    return trx
      .insertInto('push_subscription')
      .values({ account_id: accountId, ...target, created_at: now })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ p256dh: target.p256dh, auth: target.auth }))
      .returning('id')
      .executeTakeFirstOrThrow();
  });
}

/** Removes an account's subscription (the device unsubscribed); pending push rows to it are skipped. */
export async function deleteSubscription(db: Kysely<DB>, accountId: string, endpoint: string) {
  const result = await db
    .deleteFrom('push_subscription')
    .where('account_id', '=', accountId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Forgets every device of an account that is being deleted: its push subscriptions go (the endpoints
 * identify the browser), and what was still waiting to be sent to it is skipped. Returns the counts.
 */
export async function forgetAccountDevices(db: Kysely<DB>, accountId: string) {
  const skipped = await db
    .updateTable('notification_outbox')
    .set({ state: 'skipped', last_error: 'account deleted', locked_until: null })
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  const deleted = await db
    .deleteFrom('push_subscription')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return {
    pushSubscriptions: Number(deleted.numDeletedRows),
    skippedMessages: Number(skipped.numUpdatedRows),
  };
}
