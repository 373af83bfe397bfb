import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  defaultStatus,
  type Endpoint,
  type HandlerOutput,
  isFileReply,
  type Parts,
} from '../../shared/api/endpoint.ts';
import { COMMON_ERRORS, ERRORS, type ErrorCode } from '../../shared/api/errors.ts';
import { problemSchema } from '../../shared/schemas/problem.ts';

export type Handler<E extends Endpoint> = (
  parts: Parts<E>,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<HandlerOutput<E> | FastifyReply> | HandlerOutput<E> | FastifyReply;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract entry a route was mounted from. */
    endpoint?: Endpoint;
  }
}

/** A route's server settings, not part of the API's description: its rate limit, body size limit, … */
export interface RouteLimits {
  rateLimit?: FastifyContextConfig['rateLimit'];
  bodyLimit?: number;
  /** Hand validation errors to the handler (`request.validationError`) to report them its own way. */
  attachValidation?: boolean;
  /**
   * Send success answers with plain `JSON.stringify`, not re-validated by the response schema: only for
   * a measured hot path whose handler builds the answer to the schema's type (the dose route).
   */
  trustedAnswers?: boolean;
}

/**
 * Registers one route from its contract entry: path, schemas, policy, OpenAPI text and the problem
 * answers of its error codes all come from the entry, so a route cannot drift from its description.
 * A plain return value is sent with the entry's first success status; a handler that needs another
 * (a replay's 200 beside a 201) sets `reply.code()` first.
 */
export function mount<E extends Endpoint>(
  app: FastifyInstance,
  e: E,
  handler: Handler<E>,
  limits: RouteLimits = {},
): void {
  const responses: Record<number, z.ZodType> = {};
  let produces: string[] | undefined;
  for (const [status, reply] of Object.entries(e.responses)) {
    if (isFileReply(reply)) produces = [...reply.file];
    else if (reply) responses[Number(status)] = reply;
    // No body (204): documented as such, so an operation without errors still has its answer.
    else responses[Number(status)] = z.null().describe('No content');
  }
  for (const status of errorStatuses(e)) responses[status] = problemSchema;
  const status = defaultStatus(e);
  app.route({
    method: e.method,
    url: e.path,
    config: {
      policy: e.policy,
      endpoint: e,
      ...(limits.rateLimit === undefined ? {} : { rateLimit: limits.rateLimit }),
    },
    ...(limits.bodyLimit === undefined ? {} : { bodyLimit: limits.bodyLimit }),
    ...(limits.attachValidation ? { attachValidation: true } : {}),
    ...(limits.trustedAnswers ? { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } : {}),
    schema: {
      tags: [...e.tags],
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      ...(e.headers ? { headers: e.headers } : {}),
      ...(produces ? { produces } : {}),
      ...(e.upload ? { consumes: [...e.upload] } : {}),
      ...(e.hide ? { hide: true } : {}),
      response: responses,
    },
    handler: async (request, reply) => {
      reply.code(status);
      const parts = {
        params: request.params,
        query: request.query,
        body: request.body,
        headers: request.headers,
      } as Parts<E>;
      const result = await handler(parts, request, reply);
      if (result === reply) return reply;
      if (result === null || result === undefined) return reply.send(null);
      return result;
    },
  });
}

/** The statuses of the problems a route may answer: its own codes, and what its policy implies. */
export function errorStatuses(e: Endpoint): number[] {
  const codes: ErrorCode[] = [...e.errors];
  if (e.params || e.query || e.body || e.headers || e.upload) codes.push('validation_failed');
  if (e.policy !== 'public') codes.push('unauthenticated', 'forbidden');
  return [...new Set(codes.map((code) => ERRORS[code][0]))].sort();
}

/** Codes a route may answer: its own and the ones any route may. */
export function allowedCodes(e: Endpoint): Set<string> {
  return new Set<string>([...e.errors, ...COMMON_ERRORS]);
}

/**
 * Watches problem answers: a code the route's contract entry does not list is reported (the test app
 * fails the file on it), so the documented error lists stay true.
 */
export function checkDeclaredErrors(app: FastifyInstance, onViolation: (violation: string) => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const e = request.routeOptions.config?.endpoint;
    if (!e || reply.statusCode < 400 || typeof payload !== 'string') return payload;
    const code = /"code":"([a-z_]+)"/.exec(payload)?.[1];
    if (code && !allowedCodes(e).has(code)) onViolation(`${e.method} ${e.path} answered ${code}`);
    return payload;
  });
}
