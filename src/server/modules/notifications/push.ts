import type { Kysely } from 'kysely';
import { type Dispatcher, request } from 'undici';
import webpush from 'web-push';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { KeySealer } from '../../key-seal.ts';
import * as citizenAccounts from '../accounts/citizen-accounts.repository.ts';
import { addSetting, getSetting, replaceSettingIf } from '../system/system.repository.ts';
import * as outbox from './outbox.repository.ts';
import type { PushTarget } from './push.repository.ts';
import * as repo from './push.repository.ts';
import { DEFAULT_PUSH_HOSTS, endpointProblem, type PushHostRule, parsePushHosts } from './push-endpoint.ts';

/** The VAPID key pair of the instance (base64url), shared by every server process through the database. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The `push.vapid` setting: the public key, and the private key sealed with the key secret
 * (AES-256-GCM, `key-seal.ts`). Instances from before kept `privateKey` in clear: read, then sealed in
 * place the first time a sealer is at hand (the server's start).
 */
interface StoredVapid {
  publicKey: string;
  sealedPrivateKey?: string;
  privateKey?: string;
}

const VAPID_SETTING = 'push.vapid';
/** Additional data of the sealed VAPID key: it cannot be swapped with another sealed value. */
const VAPID_AAD = 'instance_setting:push.vapid';
const cache = new WeakMap<Kysely<DB>, Promise<VapidKeys>>();

/** 503: push needs the key secret (SSKDT_KEY_SECRET / SSKDT_KEY_FILE), which this instance lacks. */
export const pushUnavailable = () => new AppError('push_unavailable', 503, 'push.unavailable');

/** True when the database holds a VAPID private key (sealed or, from before, in clear). */
export async function hasVapidKeys(db: Kysely<DB>): Promise<boolean> {
  return Boolean(await getSetting<StoredVapid>(db, VAPID_SETTING));
}

/**
 * The instance's VAPID keys, generated and stored sealed on first use (at start-up). Two processes
 * starting at once may both generate a pair: the insert that loses does nothing and both read the
 * stored one back. Without a sealer (no key secret) nothing is generated: push is unavailable.
 */
export function vapidKeys(db: Kysely<DB>, sealer?: KeySealer | null): Promise<VapidKeys> {
  let keys = cache.get(db);
  if (!keys) {
    keys = (async () => {
      const stored = await getSetting<StoredVapid>(db, VAPID_SETTING);
      if (stored?.publicKey) return openVapid(db, stored, sealer);
      if (!sealer) throw pushUnavailable();
      const fresh = webpush.generateVAPIDKeys();
      const value: StoredVapid = {
        publicKey: fresh.publicKey,
        sealedPrivateKey: sealer.seal(Buffer.from(fresh.privateKey, 'base64url'), VAPID_AAD),
      };
      await addSetting(db, VAPID_SETTING, value);
      return openVapid(db, (await getSetting<StoredVapid>(db, VAPID_SETTING)) ?? value, sealer);
    })();
    keys.catch(() => cache.delete(db));
    cache.set(db, keys);
  }
  return keys;
}

async function openVapid(db: Kysely<DB>, stored: StoredVapid, sealer?: KeySealer | null): Promise<VapidKeys> {
  if (stored.sealedPrivateKey) {
    if (!sealer) throw pushUnavailable();
    const raw = sealer.open(stored.sealedPrivateKey, VAPID_AAD);
    return { publicKey: stored.publicKey, privateKey: Buffer.from(raw).toString('base64url') };
  }
  if (!stored.privateKey) throw new Error('the push.vapid setting holds no private key');
  if (sealer) {
    const sealed: StoredVapid = {
      publicKey: stored.publicKey,
      sealedPrivateKey: sealer.seal(Buffer.from(stored.privateKey, 'base64url'), VAPID_AAD),
    };
    // Only the row as read: another process sealing it at the same moment wins, with the same key.
    await replaceSettingIf(db, VAPID_SETTING, sealed, { field: 'privateKey', value: stored.privateKey });
  }
  return { publicKey: stored.publicKey, privateKey: stored.privateKey };
}

export interface PushPayload {
  title: string;
  body: string;
  url: string;
}

/**
 * 'sent'; 'gone' when the push service says the subscription no longer exists (404/410); 'refused' when
 * the endpoint is off the allow-list (nothing was sent).
 */
export type PushOutcome = 'sent' | 'gone' | 'refused';

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
  options: {
    subject: string;
    timeoutMs?: number;
    dispatcher?: Dispatcher;
    /** Opens the sealed VAPID private key. */
    sealer?: KeySealer | null;
    /** The allow-list, checked again here (default: the browsers' push services). */
    hosts?: readonly PushHostRule[];
  },
): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const hosts = options.hosts ?? parsePushHosts(DEFAULT_PUSH_HOSTS);
  return {
    async send(target, payload, sendOptions) {
      // Defence in depth: a row written before the allow-list, or by another path, is still not sent to.
      if (endpointProblem(target.endpoint, hosts)) return 'refused';
      const keys = await vapidKeys(db, options.sealer);
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

/** Push subscriptions an account may hold unless configured otherwise (SSKDT_PUSH_MAX_SUBSCRIPTIONS). */
export const DEFAULT_MAX_SUBSCRIPTIONS = 5;

/**
 * Saves a subscription for an account. A device that signs in to another account gets a new row (the old
 * one is deleted), so messages queued for the previous account are skipped instead of reaching it. An
 * account holds at most `max`: a new device beyond that replaces the account's oldest subscription —
 * a refusal would lock out a citizen whose old browsers were reset without unsubscribing, since only the
 * browser itself knows its endpoint to delete it.
 */
export async function saveSubscription(
  db: Kysely<DB>,
  accountId: string,
  target: PushTarget,
  now: Date,
  max = DEFAULT_MAX_SUBSCRIPTIONS,
) {
  return inTransaction(db, async (trx) => {
    // One change at a time per account, so two devices subscribing at once cannot both pass the count.
    await citizenAccounts.lockAccount(trx, accountId);
    await repo.deleteEndpointOfOthers(trx, accountId, target.endpoint);
    const own = await repo.subscriptionsOf(trx, accountId);
    if (!own.some((row) => row.endpoint === target.endpoint) && own.length >= max) {
      const oldest = own.slice(max - 1).map((row) => row.id);
      await repo.deleteSubscriptions(trx, oldest);
    }
    return repo.upsertSubscription(trx, accountId, target, now);
  });
}

/** The host an endpoint names, for the error message ('' when it is not a URL). */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return '';
  }
}

/**
 * A citizen subscribes a device: the endpoint must be one of the browsers' push services (the server
 * will POST to it), and push must be configured (a key secret to seal the VAPID key).
 */
export async function subscribe(
  db: Kysely<DB>,
  accountId: string,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  now: Date,
  options: { sealer: KeySealer | null; hosts: readonly PushHostRule[]; maxSubscriptions: number },
) {
  const { endpoint, keys } = subscription;
  const problem = endpointProblem(endpoint, options.hosts);
  if (problem)
    throw AppError.validation([
      { field: 'endpoint', in: 'body', code: problem, params: { host: hostOf(endpoint) } },
    ]);
  if (!options.sealer) throw pushUnavailable();
  const saved = await saveSubscription(
    db,
    accountId,
    { endpoint, p256dh: keys.p256dh, auth: keys.auth },
    now,
    options.maxSubscriptions,
  );
  return { id: saved.id };
}

/** Removes an account's subscription (the device unsubscribed); pending push rows to it are skipped. */
export function deleteSubscription(db: Kysely<DB>, accountId: string, endpoint: string) {
  return repo.deleteAccountEndpoint(db, accountId, endpoint);
}

/**
 * Forgets every device of an account that is being deleted: its push subscriptions go (the endpoints
 * identify the browser), and what was still waiting to be sent to it is skipped. Returns the counts.
 */
export async function forgetAccountDevices(db: Kysely<DB>, accountId: string) {
  const skippedMessages = await outbox.skipPendingOf(db, accountId);
  const pushSubscriptions = await repo.deleteAllOf(db, accountId);
  return { pushSubscriptions, skippedMessages };
}
