import type { Requester } from './api-client-vaccination.ts';
import {
  type PushSubscriptionJson,
  pushPublicKeySchema,
  pushSubscribedSchema,
} from './schemas/notifications.ts';

/** Web Push: the server's VAPID key and this device's subscription. */
export function notifyEndpoints(request: Requester) {
  return {
    pushPublicKey: () => request('GET', '/api/push/public-key', pushPublicKeySchema),
    subscribePush: (subscription: PushSubscriptionJson) =>
      request('POST', '/api/me/push-subscriptions', pushSubscribedSchema, { body: subscription }),
    unsubscribePush: (endpoint: string) =>
      request('DELETE', '/api/me/push-subscriptions', null, { body: { endpoint } }) as Promise<null>,
  };
}
