import { type Lang, localize } from '../messages.ts';
import { type Problem, problemSchema } from '../schemas/problem.ts';
import {
  type Contract,
  type Endpoint,
  type FileBody,
  fillPath,
  type Input,
  type InputOptional,
  isFileReply,
  type Output,
} from './endpoint.ts';

/** An API answer that was not a success: the problem document when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.messages.en}`);
    this.name = 'ApiError';
  }
  /** The message in one language. */
  messageIn(lang: Lang): string {
    return this.problem.messages[lang];
  }
}

/** One HTTP exchange, however it travels: `fetch` in the browser and CLI, `app.inject` in tests. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | Blob;
}
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
}
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/**
 * A call's answer with its status, for callers (mostly tests) that look at more than the body:
 * `body` on success, `problem` otherwise (both readable without narrowing, e.g. `answer.problem?.code`).
 */
export type Answer<E extends Endpoint> =
  | { ok: true; status: number; headers: Record<string, string>; body: Output<E>; problem?: undefined }
  | { ok: false; status: number; headers: Record<string, string>; body?: undefined; problem: Problem };

type Args<E extends Endpoint> = InputOptional<E> extends true ? [input?: Input<E>] : [input: Input<E>];

/** One endpoint as a function: resolves with the success body, rejects with `ApiError`. */
export interface Call<E extends Endpoint> {
  (...args: Args<E>): Promise<Output<E>>;
  /** The answer whatever its status (never rejects for an HTTP error). */
  raw(...args: Args<E>): Promise<Answer<E>>;
  readonly endpoint: E;
}

export type Client<C extends Contract> = {
  [M in keyof C]: { [K in keyof C[M]]: Call<C[M][K]> };
};

export interface ClientOptions {
  transport: Transport;
  /** Sent as `accept-language` (Vietnamese by default). */
  lang?: () => Lang;
  /** Headers on every request (a test's session cookie, an API key). */
  headers?: () => Record<string, string>;
}

type Query = Record<string, unknown>;

/**
 * The typed client, derived from the contract: one function per endpoint, its input and output types
 * those of the endpoint's schemas, every success body parsed by its response schema (so a drift between
 * server and contract fails where it happens). Written here rather than taken from a library because the
 * contract is zod 4 schemas that the server already registers (see docs/ARCHITECTURE.md, "Contracts").
 *
 * It keeps the session's CSRF token: any success body carrying `csrfToken` (sign-in, `/me`) sets it, and
 * it is echoed on every write; a 401 or a sign-out clears it.
 */
export function createClient<C extends Contract>(contract: C, options: ClientOptions): Client<C> {
  let csrfToken: string | null = null;

  async function send(e: Endpoint, input: Record<string, unknown> = {}): Promise<Answer<Endpoint>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries((input.query as Query | undefined) ?? {}))
      if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
    const path = fillPath(e.path, input.params as Record<string, unknown> | undefined);
    const url = `${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': options.lang?.() ?? 'vi',
      ...options.headers?.(),
    };
    if (e.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    for (const [key, value] of Object.entries((input.headers as Record<string, unknown>) ?? {}))
      if (value !== undefined) headers[key] = String(value);
    let body: WireRequest['body'];
    const upload = input.upload as { data: Blob | Uint8Array | string; type: string } | undefined;
    if (upload) {
      headers['content-type'] = upload.type;
      body = upload.data;
    } else if (input.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    const response = await options.transport({ method: e.method, url, headers, body });
    if (response.status < 200 || response.status >= 300) {
      if (response.status === 401) csrfToken = null;
      return {
        ok: false,
        status: response.status,
        headers: response.headers,
        problem: problemOf(response, path),
      };
    }
    const reply = e.responses[response.status];
    let parsed: unknown = null;
    if (isFileReply(reply)) parsed = fileOf(response);
    else if (reply) parsed = reply.parse(JSON.parse(new TextDecoder().decode(response.bytes)));
    else if (reply === undefined && response.status !== 204)
      throw new Error(`${e.method} ${e.path}: status ${response.status} is not in its contract`);
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof (parsed as { csrfToken?: unknown }).csrfToken === 'string'
    )
      csrfToken = (parsed as { csrfToken: string }).csrfToken;
    if (e.path === '/api/auth/logout') csrfToken = null;
    return { ok: true, status: response.status, headers: response.headers, body: parsed as never };
  }

  const client: Record<string, Record<string, unknown>> = {};
  for (const [module, endpoints] of Object.entries(contract)) {
    client[module] = {};
    for (const [name, e] of Object.entries(endpoints)) {
      const call = async (input?: Record<string, unknown>) => {
        const answer = await send(e, input);
        if (!answer.ok) throw new ApiError(answer.status, answer.problem);
        return answer.body;
      };
      call.raw = (input?: Record<string, unknown>) => send(e, input);
      call.endpoint = e;
      client[module][name] = call;
    }
  }
  return client as Client<C>;
}

function problemOf(response: WireResponse, path: string): Problem {
  try {
    const parsed = problemSchema.safeParse(JSON.parse(new TextDecoder().decode(response.bytes)));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: fall through to a generic problem
  }
  const messages = localize(response.status >= 500 ? 'problem.internal' : 'problem.bad_request');
  return {
    type: 'about:blank',
    title: messages.en,
    status: response.status,
    code: response.status === 0 ? 'network_error' : 'unknown',
    instance: path,
    requestId: '',
    messages,
  };
}

function fileOf(response: WireResponse): FileBody {
  const disposition = response.headers['content-disposition'] ?? '';
  return {
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null,
    bytes: response.bytes,
  };
}

/** The browser's and the CLI's transport. A failed connection is an `ApiError` with status 0. */
export function fetchTransport(baseUrl = '', doFetch: typeof fetch = (...args) => fetch(...args)): Transport {
  return async (request) => {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${request.url}`, {
        method: request.method,
        headers: request.headers,
        body: request.body as BodyInit | undefined,
        credentials: 'same-origin',
      });
    } catch {
      const messages = localize('problem.unavailable');
      throw new ApiError(0, {
        type: 'about:blank',
        title: messages.en,
        status: 0,
        code: 'network_error',
        instance: request.url,
        requestId: '',
        messages,
      });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
}
