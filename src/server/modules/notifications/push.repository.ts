import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** A browser's PushSubscription as stored (keys base64url). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Deletes the subscription of an endpoint held by another account (the device changed hands). */
export async function deleteEndpointOfOthers(db: Kysely<DB>, accountId: string, endpoint: string) {
  await db
    .deleteFrom('push_subscription')
    .where('endpoint', '=', endpoint)
    .where('account_id', '<>', accountId)
    .execute();
}

/** An account's subscriptions, newest first. */
export function subscriptionsOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('push_subscription')
    .select(['id', 'endpoint'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The ids of an account's subscriptions, oldest first (one push row each). */
export function subscriptionIdsOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('push_subscription')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

/** One subscription, to send to. */
export function findSubscription(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('push_subscription')
    .select(['id', 'endpoint', 'p256dh', 'auth', 'account_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deletes subscriptions by id. */
export async function deleteSubscriptions(db: Kysely<DB>, ids: string[]) {
  await db.deleteFrom('push_subscription').where('id', 'in', ids).execute();
}

/** Saves a subscription (an endpoint already stored keeps its row, with the new keys). */
export function upsertSubscription(db: Kysely<DB>, accountId: string, target: PushTarget, now: Date) {
  return db
    .insertInto('push_subscription')
    .values({ account_id: accountId, ...target, created_at: now })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ p256dh: target.p256dh, auth: target.auth }))
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Removes an account's subscription of one endpoint; true when there was one. */
export async function deleteAccountEndpoint(db: Kysely<DB>, accountId: string, endpoint: string) {
  const result = await db
    .deleteFrom('push_subscription')
    .where('account_id', '=', accountId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes every subscription of an account; the count. */
export async function deleteAllOf(db: Kysely<DB>, accountId: string) {
  const deleted = await db
    .deleteFrom('push_subscription')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
