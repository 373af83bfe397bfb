import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { type RunnerOptions, type RunningNotifier, startNotificationRunner } from './notification-runner.ts';
import { pushRoutes } from './push.routes.ts';
import { vapidKeys, webPushSender } from './push.ts';

export interface NotificationOptions extends Partial<RunnerOptions> {
  /** Start the outbox runner with the app (`sskdt serve`); tests call `runOnce` instead. */
  run?: boolean;
  /** Milliseconds between runner passes. */
  intervalMs?: number;
  /** The VAPID subject: a mailto: or https: URL where push services can reach the operator. */
  pushSubject?: string;
}

export const DEFAULT_PUSH_SUBJECT = 'mailto:admin@sskdt.invalid';

/**
 * The Web Push routes, and when asked the outbox runner: started once the app is ready (with the VAPID
 * keys made sure of), stopped when it closes, before the database is.
 */
export async function registerNotifications(app: FastifyInstance, options: NotificationOptions = {}) {
  await app.register(pushRoutes);
  if (!options.run) return;
  let runner: RunningNotifier | undefined;
  const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  const subject = options.pushSubject ?? DEFAULT_PUSH_SUBJECT;
  app.addHook('onReady', async () => {
    await vapidKeys(app.db);
    runner = startNotificationRunner(
      app.db,
      { sms: app.sms, push: webPushSender(app.db, { subject, dispatcher }) },
      { ...options, intervalMs: options.intervalMs ?? 10_000, clock: app.clock, log: app.log },
    );
  });
  app.addHook('onClose', async () => {
    await runner?.stop();
    await dispatcher.close();
  });
}
