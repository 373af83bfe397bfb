import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PushSubscriptionJson } from '../../shared/schemas/notifications.ts';
import { api } from './api.ts';

const SW_URL = '/sw.js';

/** Web Push needs a secure context (HTTPS or localhost), a service worker, PushManager and notifications. */
export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** Registers the service worker (push display and click handling); harmless where unsupported. */
export function registerServiceWorker() {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(SW_URL).catch(() => undefined);
}

/** The permission was refused: the browser will not ask again, only its site settings can change it. */
export class PushDeniedError extends Error {
  constructor() {
    super('Notification permission denied');
    this.name = 'PushDeniedError';
  }
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array) {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

async function currentSubscription() {
  const registration = await navigator.serviceWorker.getRegistration(SW_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Asks permission, subscribes this browser with the server's VAPID key and sends the subscription. */
export async function subscribePush(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushDeniedError();
  await navigator.serviceWorker.register(SW_URL);
  const registration = await navigator.serviceWorker.ready;
  const key = base64UrlToBytes((await api.push.publicKey()).publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another server key (a reinstalled server) cannot be used: replace it.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  await api.push.subscribe({ body: subscription.toJSON() as PushSubscriptionJson });
}

/** Tells the server to stop, then drops the browser's subscription. */
export async function unsubscribePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api.push.unsubscribe({ body: { endpoint: subscription.endpoint } });
  await subscription.unsubscribe();
}

/** State and switch of Web Push on this device, for the PushToggle. */
export function usePush() {
  const supported = pushSupported();
  const client = useQueryClient();
  const [permission, setPermission] = useState<NotificationPermission>(
    supported ? Notification.permission : 'default',
  );
  const subscribed = useQuery({
    queryKey: ['push-subscription'],
    enabled: supported,
    queryFn: async () => Boolean(await currentSubscription()),
  });
  const toggle = useMutation({
    mutationFn: (on: boolean) => (on ? subscribePush() : unsubscribePush()),
    onSettled: () => {
      setPermission(Notification.permission);
      return client.invalidateQueries({ queryKey: ['push-subscription'] });
    },
  });
  return {
    supported,
    permission,
    subscribed: subscribed.data ?? false,
    busy: subscribed.isPending || toggle.isPending,
    error: toggle.error,
    setEnabled: (on: boolean) => toggle.mutate(on),
  };
}
