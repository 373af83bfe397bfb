import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyServerOptions } from 'fastify';
import { maskIdentifiers } from '../../shared/rules/privacy.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Uses the caller's X-Request-Id when it looks like one (so proxies can correlate), otherwise a UUID. */
export function genReqId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The request line as logged: the path (identifiers masked) and the names of the query parameters,
 * never their values, which may be a searched name or phone number.
 */
export function logUrl(req: { id: string; method: string; url: string }) {
  const [pathPart, query] = req.url.split('?', 2);
  const keys = query ? [...new URLSearchParams(query).keys()] : [];
  return {
    id: req.id,
    method: req.method,
    url: maskIdentifiers(pathPart),
    ...(keys.length ? { query: keys } : {}),
  };
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentifiers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}

/**
 * pino options: the request id on every line; URLs, errors (messages, SQL details, stacks) masked so
 * no phone, CCCD or BHYT number reaches a log; bodies and headers never logged.
 */
export function loggerOptions(
  level: string,
  destination?: string,
  pretty = false,
): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    ...(destination ? { file: destination } : {}),
    ...(pretty && !destination
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true },
          },
        }
      : {}),
    formatters: {
      // Fastify logs the response time as a raw float ("3.012345678901"); rounded to 0.1 ms it is as
      // useful and its digit runs cannot be mistaken for an identifier by a log scanner.
      log: (object: Record<string, unknown>) =>
        typeof object.responseTime === 'number'
          ? { ...object, responseTime: Math.round(object.responseTime * 10) / 10 }
          : object,
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => logUrl(req),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: FastifyError & { detail?: string }) => ({
        type: err.name,
        message: maskIdentifiers(err.message),
        stack: maskIdentifiers(err.stack ?? ''),
        code: err.code,
        detail: maskDeep(err.detail),
      }),
    },
  };
}
