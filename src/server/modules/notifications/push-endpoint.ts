import { isIP } from 'node:net';
import type { MessageCode } from '../../../shared/messages.ts';

/**
 * Which push endpoints the server will POST to. A subscription's endpoint comes from the client, so
 * without a check anyone signed in could make the server send requests to internal hosts (cloud
 * metadata, admin ports). Browsers only hand out endpoints of their vendor's push service, so an
 * allow-list of those hosts loses nothing: the subscription route and the sender both check it.
 */

/**
 * The push services of the browsers in use (2025): Chrome, Brave, Opera, Samsung Internet and Edge on
 * Android use Firebase Cloud Messaging; Firefox Mozilla autopush (updates.push.services.mozilla.com);
 * Edge on Windows WNS (`wns2-….notify.windows.com`); Safari on macOS/iOS Apple's (web.push.apple.com;
 * Apple asks senders to allow `*.push.apple.com`). `*.` allows the subdomains, not the name itself.
 */
export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  '*.push.services.mozilla.com',
  '*.notify.windows.com',
  '*.push.apple.com',
] as const;

/**
 * One allow-list entry: a host name, `*.` and a domain (its subdomains), or a whole origin
 * (`scheme://host:port`) listed on purpose — a self-hosted push service, or a test's local one. An
 * origin entry allows exactly that origin; host entries allow https on port 443 only.
 */
export type PushHostRule =
  | { kind: 'host'; host: string }
  | { kind: 'subdomains'; domain: string }
  | { kind: 'origin'; origin: string };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Parses allow-list entries (SSKDT_PUSH_HOSTS, comma-separated); throws on an entry it cannot use. */
export function parsePushHosts(entries: readonly string[]): PushHostRule[] {
  return entries.map((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.includes('://')) {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`push host ${raw}: not a URL`);
      }
      if (url.pathname !== '/' || url.search || url.username || url.password)
        throw new Error(`push host ${raw}: an origin entry is scheme://host[:port] and nothing else`);
      return { kind: 'origin', origin: url.origin };
    }
    const wildcard = entry.startsWith('*.');
    const name = wildcard ? entry.slice(2) : entry;
    if (!HOST_NAME.test(name) || isIP(name))
      throw new Error(`push host ${raw}: expected a host name, *.domain or scheme://host:port`);
    return wildcard ? { kind: 'subdomains', domain: name } : { kind: 'host', host: name };
  });
}

/** Splits the SSKDT_PUSH_HOSTS text into entries. */
export function splitPushHosts(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Why an endpoint is refused: the catalogue code of the field error (null: allowed). */
export type EndpointProblem = Extract<
  MessageCode,
  | 'push.endpoint_invalid'
  | 'push.endpoint_credentials'
  | 'push.endpoint_ip'
  | 'push.endpoint_port'
  | 'push.endpoint_host'
>;

/** Checks an endpoint against the allow-list; answers why it is refused, or null. */
export function endpointProblem(endpoint: string, rules: readonly PushHostRule[]): EndpointProblem | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'push.endpoint_invalid';
  }
  if (url.username || url.password) return 'push.endpoint_credentials';
  if (rules.some((r) => r.kind === 'origin' && r.origin === url.origin)) return null;
  if (url.protocol !== 'https:') return 'push.endpoint_invalid';
  // The URL parser has already turned 2130706433, 0x7f.1 and the like into dotted or bracketed form.
  if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) return 'push.endpoint_ip';
  if (url.port !== '') return 'push.endpoint_port';
  const host = url.hostname;
  const allowed = rules.some(
    (r) =>
      (r.kind === 'host' && r.host === host) || (r.kind === 'subdomains' && host.endsWith(`.${r.domain}`)),
  );
  return allowed ? null : 'push.endpoint_host';
}
