import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  formatMessage,
  type Lang,
  type Localized,
  localize,
  type MessageCode,
  pickLang,
} from '../../shared/messages.ts';
import type { Problem, ProblemFieldError } from '../../shared/schemas/problem.ts';
import { AppError, type FieldError } from '../app-error.ts';

const LOCATION: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Maps a zod issue (as fastify-type-provider-zod passes it on) to a catalogue field error. */
function fieldFromIssue(
  issue: { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> },
  location: string,
): FieldError {
  const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)';
  const p = issue.params;
  const origin = p.origin as string | undefined;
  const at = LOCATION[location] ?? location;
  switch (issue.keyword) {
    case 'invalid_type':
      // zod 4 does not report the input; its message says "received undefined" for a missing value.
      return /received undefined/.test(issue.message ?? '')
        ? { field, in: at, code: 'field.required' }
        : { field, in: at, code: 'field.invalid_type', params: { expected: String(p.expected) } };
    case 'too_small':
      return origin === 'string'
        ? { field, in: at, code: 'field.too_short', params: { minimum: String(p.minimum) } }
        : { field, in: at, code: 'field.too_small', params: { minimum: String(p.minimum) } };
    case 'too_big':
      return origin === 'string'
        ? { field, in: at, code: 'field.too_long', params: { maximum: String(p.maximum) } }
        : { field, in: at, code: 'field.too_big', params: { maximum: String(p.maximum) } };
    case 'invalid_format':
      return { field, in: at, code: 'field.invalid_format' };
    case 'invalid_value':
      return { field, in: at, code: 'field.invalid_value' };
    case 'unrecognized_keys': {
      const keys = (p.keys as string[] | undefined) ?? [];
      return {
        field: [field === '(root)' ? '' : field, keys[0]].filter(Boolean).join('.'),
        in: at,
        code: 'field.unknown_key',
      };
    }
    case 'custom': {
      const code = (p.params as { code?: MessageCode } | undefined)?.code;
      const params = (p.params as { values?: Record<string, string | number> } | undefined)?.values;
      return { field, in: at, code: code ?? 'field.invalid', params };
    }
    default:
      return { field, in: at, code: 'field.invalid' };
  }
}

/** Renders an AppError as RFC 9457 problem+json in the caller's language, with both languages alongside. */
export function toProblem(error: AppError, request: FastifyRequest, lang: Lang): Problem {
  const messages: Localized = localize(error.messageCode, error.params);
  const errors: ProblemFieldError[] = error.fields.map((f) => ({
    field: f.field,
    in: f.in,
    code: f.code,
    message: formatMessage(f.code, lang, f.params),
    messages: localize(f.code, f.params),
  }));
  return {
    type: `urn:sskdt:problem:${error.code}`,
    title: messages[lang],
    status: error.status,
    code: error.code,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
    messages,
    ...(errors.length ? { errors } : {}),
    ...(error.meta ? { meta: error.meta } : {}),
  };
}

/** Sends a problem response. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  const lang = pickLang(request.headers['accept-language']);
  return reply
    .code(error.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(toProblem(error, request, lang));
}

/** Converts whatever was thrown into an AppError; unknown errors become a 500 without details. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    return AppError.validation(error.validation.map((issue) => fieldFromIssue(issue, context)));
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 415, 'problem.unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 413, 'problem.payload_too_large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return AppError.validation([{ field: '(root)', in: 'body', code: 'field.required' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return AppError.validation([{ field: '(root)', in: 'body', code: 'field.invalid_format' }]);
  }
  if (status === 429) return new AppError('rate_limited', 429, 'problem.rate_limited', [], { seconds: 60 });
  if (status >= 400 && status < 500) return new AppError('bad_request', status, 'problem.bad_request');
  return new AppError('internal_error', 500, 'problem.internal');
}

/** Installs the one error handler and the API 404 handler. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const appError = asAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request refused');
    return sendProblem(reply, request, appError);
  });
}

/** The 404 for an unknown API route. */
export function apiRouteNotFound(request: FastifyRequest) {
  return new AppError('route_not_found', 404, 'problem.route_not_found', [], {
    method: request.method,
    path: request.url.split('?')[0],
  });
}
