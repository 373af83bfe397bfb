import type { FastifyInstance } from 'fastify';
import { type Client, createClient, type Transport } from '../../src/shared/api/client.ts';
import { contract, type SskdtContract } from '../../src/shared/contracts/index.ts';
import type { Session } from './auth.ts';

/** A transport over `app.inject`: the same bytes as over the network, without a socket. */
export function injectTransport(
  app: FastifyInstance,
  extra: Record<string, string> = {},
  remoteAddress?: string,
): Transport {
  return async (request) => {
    const body = request.body instanceof Blob ? Buffer.from(await request.body.arrayBuffer()) : request.body;
    const response = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...request.headers, ...extra },
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : Buffer.from(body) }),
    });
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers))
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
    return { status: response.statusCode, headers, bytes: new Uint8Array(response.rawPayload) };
  };
}

export type TestApi = Client<SskdtContract>;

/**
 * The typed client for tests: every call goes through `app.inject`, its input is typed by the
 * endpoint's schemas and its success body is parsed by the response schema. Pass a session (or any
 * headers, e.g. `authorization` for an API key) to call as someone; `lang: 'en'` for English messages;
 * `remoteAddress` to call from another address (rate limits).
 */
export function testApi(
  app: FastifyInstance,
  as?: Session | { headers: Record<string, string> },
  options: { lang?: 'vi' | 'en'; remoteAddress?: string } = {},
): TestApi {
  return createClient(contract, {
    transport: injectTransport(app, as?.headers ?? {}, options.remoteAddress),
    lang: () => options.lang ?? 'vi',
  });
}

/**
 * Input a test sends on purpose against the rules (a wrong type, an unknown enum value): the typed
 * client would refuse to compile it, and the server is what must refuse it.
 */
export function invalid(value: unknown): never {
  return value as never;
}
