import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { keySealer } from '../../key-seal.ts';
import { type RunnerOptions, type RunningNotifier, startNotificationRunner } from './notification-runner.ts';
import { pushRoutes } from './push.routes.ts';
import { DEFAULT_MAX_SUBSCRIPTIONS, vapidKeys, webPushSender } from './push.ts';
import { DEFAULT_PUSH_HOSTS, parsePushHosts } from './push-endpoint.ts';

export interface NotificationOptions extends Partial<RunnerOptions> {
  /** Start the outbox sender and the planners with the app (`sskdt serve`); tests call `runOnce` instead. */
  run?: boolean;
  /** Milliseconds between the outbox sender's passes. */
  intervalMs?: number;
  /** The VAPID subject: a mailto: or https: URL where push services can reach the operator. */
  pushSubject?: string;
  /** Push services subscriptions may point at (SSKDT_PUSH_HOSTS entries); the browsers' by default. */
  pushHosts?: readonly string[];
  /** Subscriptions per account (SSKDT_PUSH_MAX_SUBSCRIPTIONS, default 5). */
  maxSubscriptions?: number;
  /** The key secret sealing the VAPID private key; null: none configured, push is unavailable. */
  keySecret?: string | null;
}

export const DEFAULT_PUSH_SUBJECT = 'mailto:admin@sskdt.invalid';

/**
 * The Web Push routes, and when asked the outbox sender and the planners (background tasks, see
 * `notification-runner.ts`): started once the app is ready (with the VAPID keys made sure of), stopped
 * when it closes, before the database is.
 */
export async function registerNotifications(app: FastifyInstance, options: NotificationOptions = {}) {
  const sealer = options.keySecret ? keySealer(options.keySecret, 'push-vapid') : null;
  const hosts = parsePushHosts(options.pushHosts ?? DEFAULT_PUSH_HOSTS);
  const maxSubscriptions = options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS;
  await app.register(pushRoutes, { sealer, hosts, maxSubscriptions });
  if (!options.run) return;
  let runner: RunningNotifier | undefined;
  const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  const subject = options.pushSubject ?? DEFAULT_PUSH_SUBJECT;
  app.addHook('onReady', async () => {
    if (sealer) await vapidKeys(app.db, sealer);
    runner = startNotificationRunner(
      app.db,
      // Without a key secret there is no VAPID key to sign with: push rows are skipped.
      { sms: app.sms, push: sealer ? webPushSender(app.db, { subject, dispatcher, sealer, hosts }) : null },
      { ...options, intervalMs: options.intervalMs ?? 10_000, clock: app.clock, log: app.log },
    );
  });
  app.addHook('onClose', async () => {
    await runner?.stop();
    await dispatcher.close();
  });
}
