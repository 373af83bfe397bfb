import fs from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { request } from 'undici';
import { maskIdentifiers } from '../../../shared/rules/privacy.ts';
import type { SmsMessage, SmsSender } from '../../sms-sender.ts';

export type { SmsMessage, SmsSender };

/** Prints messages to the server log (the development default). The phone number is masked. */
export function consoleSms(log: Pick<FastifyBaseLogger, 'info'>): SmsSender {
  return {
    channel: 'console',
    async send(message) {
      log.info(
        { sms: { to: maskIdentifiers(message.to), text: maskIdentifiers(message.text) } },
        'SMS (console channel)',
      );
    },
  };
}

/** Appends one JSON line per message ({to, text, code, at}) to a file: for tests and demos. */
export function fileSms(file: string): SmsSender {
  return {
    channel: `file:${file}`,
    async send(message) {
      const line = JSON.stringify({
        to: message.to,
        text: message.text,
        code: message.code ?? null,
        at: new Date().toISOString(),
      });
      await fs.appendFile(file, `${line}\n`);
    },
  };
}

/** POSTs `{to, text}` as JSON to an SMS gateway, retrying 3 times with backoff on errors and 5xx. */
export function httpSms(
  url: string,
  options: { retries?: number; backoffMs?: number; timeoutMs?: number } = {},
): SmsSender {
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 300;
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    channel: `http:${new URL(url).origin}`,
    async send(message) {
      let lastError: unknown;
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 3 ** (attempt - 1)));
        try {
          // undici's request over a keep-alive pool: during a sign-in rush this runs for every code.
          const response = await request(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ to: message.to, text: message.text }),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          });
          await response.body.dump();
          if (response.statusCode < 300) return;
          lastError = new Error(`SMS gateway answered ${response.statusCode}`);
          if (response.statusCode < 500 && response.statusCode !== 429) break;
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    },
  };
}

/** Chooses the channel from configuration: `console`, `file:PATH` or `http(s)://…` (also `http:URL`). */
export function smsFromConfig(value: string | undefined, log: Pick<FastifyBaseLogger, 'info'>): SmsSender {
  const spec = value?.trim() || 'console';
  if (spec === 'console') return consoleSms(log);
  if (spec.startsWith('file:')) return fileSms(spec.slice(5));
  if (/^http:https?:\/\//.test(spec)) return httpSms(spec.slice(5));
  if (/^https?:\/\//.test(spec)) return httpSms(spec);
  throw new Error(`SMS_CHANNEL must be console, file:PATH or http:URL (got "${spec}")`);
}
