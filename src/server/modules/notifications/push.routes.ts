import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  pushPublicKeySchema,
  pushSubscribedSchema,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
} from '../../../shared/schemas/notifications.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { citizenOf } from '../../plugins/auth.ts';
import { deleteSubscription, saveSubscription, vapidKeys } from './push.ts';

const errors = problemResponses;

/** Web Push: the instance's VAPID public key and the citizen's device subscriptions. */
export const pushRoutes: FastifyPluginAsyncZod = async (app) => {
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
    async () => ({ publicKey: (await vapidKeys(app.db)).publicKey }),
  );

  app.post(
    '/api/me/push-subscriptions',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['notifications'],
        summary: "Receive notifications on this device (the browser's PushSubscription JSON)",
        body: pushSubscriptionSchema,
        response: { 201: pushSubscribedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { endpoint, keys } = request.body;
      const saved = await saveSubscription(
        app.db,
        citizenOf(request).accountId,
        { endpoint, p256dh: keys.p256dh, auth: keys.auth },
        app.clock(),
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
