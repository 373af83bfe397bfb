import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  pushPublicKeySchema,
  pushSubscribedSchema,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
} from '../../../shared/schemas/notifications.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { AppError } from '../../app-error.ts';
import { citizenOf } from '../../plugins/auth.ts';
import type { KeySealer } from '../certificates/key-seal.ts';
import { deleteSubscription, pushUnavailable, saveSubscription, vapidKeys } from './push.ts';
import { endpointProblem, type PushHostRule } from './push-endpoint.ts';

const errors = problemResponses;

/** The host an endpoint names, for the error message ('' when it is not a URL). */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return '';
  }
}

export interface PushRouteOptions {
  /** Opens the sealed VAPID key; null when the instance has no key secret (push unavailable). */
  sealer: KeySealer | null;
  /** The push services subscriptions may point at. */
  hosts: readonly PushHostRule[];
  /** Subscriptions per account; a new one beyond replaces the oldest. */
  maxSubscriptions: number;
}

/** Web Push: the instance's VAPID public key and the citizen's device subscriptions. */
export const pushRoutes: FastifyPluginAsyncZod<PushRouteOptions> = async (app, options) => {
  app.get(
    '/api/push/public-key',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['notifications'],
        summary: 'The VAPID public key to subscribe a browser to Web Push',
        response: { 200: pushPublicKeySchema, ...errors },
      },
    },
    async () => ({ publicKey: (await vapidKeys(app.db, options.sealer)).publicKey }),
  );

  app.post(
    '/api/me/push-subscriptions',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['notifications'],
        summary: "Receive notifications on this device (the browser's PushSubscription JSON)",
        description:
          "The endpoint must be a browser push service's (SSKDT_PUSH_HOSTS): https, port 443, a host name, no credentials. An account keeps at most SSKDT_PUSH_MAX_SUBSCRIPTIONS (5) devices: a new one replaces the oldest.",
        body: pushSubscriptionSchema,
        response: { 201: pushSubscribedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { endpoint, keys } = request.body;
      // The server will POST to this address: only the browsers' push services (SSKDT_PUSH_HOSTS).
      const problem = endpointProblem(endpoint, options.hosts);
      if (problem)
        throw AppError.validation([
          { field: 'endpoint', in: 'body', code: problem, params: { host: hostOf(endpoint) } },
        ]);
      if (!options.sealer) throw pushUnavailable();
      const saved = await saveSubscription(
        app.db,
        citizenOf(request).accountId,
        { endpoint, p256dh: keys.p256dh, auth: keys.auth },
        app.clock(),
        options.maxSubscriptions,
      );
      return reply.code(201).send({ id: saved.id });
    },
  );

  app.delete(
    '/api/me/push-subscriptions',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['notifications'],
        summary: 'Stop notifications on this device',
        body: pushUnsubscribeSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteSubscription(app.db, citizenOf(request).accountId, request.body.endpoint);
      return reply.code(204).send(null);
    },
  );
};
