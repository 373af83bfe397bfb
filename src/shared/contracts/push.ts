import { endpoint } from '../api/endpoint.ts';
import {
  pushPublicKeySchema,
  pushSubscribedSchema,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
} from '../schemas/notifications.ts';

const tags = ['notifications'];

/** Web Push: the instance's VAPID public key and the citizen's device subscriptions. */
export const push = {
  publicKey: endpoint({
    method: 'GET',
    path: '/api/push/public-key',
    policy: 'public',
    tags,
    summary: 'The VAPID public key to subscribe a browser to Web Push',
    responses: { 200: pushPublicKeySchema },
    errors: ['push_unavailable'],
  }),
  subscribe: endpoint({
    method: 'POST',
    path: '/api/me/push-subscriptions',
    policy: 'citizen',
    tags,
    summary: "Receive notifications on this device (the browser's PushSubscription JSON)",
    description:
      "The endpoint must be a browser push service's (SSKDT_PUSH_HOSTS): https, port 443, a host name, no credentials. An account keeps at most SSKDT_PUSH_MAX_SUBSCRIPTIONS (5) devices: a new one replaces the oldest.",
    body: pushSubscriptionSchema,
    responses: { 201: pushSubscribedSchema },
    errors: ['push_unavailable'],
  }),
  unsubscribe: endpoint({
    method: 'DELETE',
    path: '/api/me/push-subscriptions',
    policy: 'citizen',
    tags,
    summary: 'Stop notifications on this device',
    body: pushUnsubscribeSchema,
    responses: { 204: null },
    errors: [],
  }),
};
