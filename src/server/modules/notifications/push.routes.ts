import type { FastifyInstance } from 'fastify';
import { push as api } from '../../../shared/contracts/push.ts';
import { mount } from '../../http/mount.ts';
import type { KeySealer } from '../../key-seal.ts';
import { citizenOf } from '../../plugins/auth.ts';
import * as service from './push.ts';
import type { PushHostRule } from './push-endpoint.ts';

export interface PushRouteOptions {
  /** Opens the sealed VAPID key; null when the instance has no key secret (push unavailable). */
  sealer: KeySealer | null;
  /** The push services subscriptions may point at. */
  hosts: readonly PushHostRule[];
  /** Subscriptions per account; a new one beyond replaces the oldest. */
  maxSubscriptions: number;
}

/** Web Push: the instance's VAPID public key and the citizen's device subscriptions. */
export async function pushRoutes(app: FastifyInstance, options: PushRouteOptions) {
  mount(app, api.publicKey, async () => ({
    publicKey: (await service.vapidKeys(app.db, options.sealer)).publicKey,
  }));
  mount(app, api.subscribe, ({ body }, request) =>
    service.subscribe(app.db, citizenOf(request).accountId, body, app.clock(), options),
  );
  mount(app, api.unsubscribe, async ({ body }, request) => {
    await service.deleteSubscription(app.db, citizenOf(request).accountId, body.endpoint);
    return null;
  });
}
