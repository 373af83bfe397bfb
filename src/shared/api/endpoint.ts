import type { z } from 'zod';
import type { PermissionName } from '../schemas/permissions.ts';
import type { ErrorCode } from './errors.ts';

/**
 * The one description of an endpoint: method, path, inputs, answers, who may call it and which errors
 * it may answer. The server registers its route from it (`src/server/http/mount.ts`), the OpenAPI
 * document and `docs/API.md`'s error list come from it, and the typed client of the web app, the CLI
 * and the tests is derived from it (`client.ts`). Nothing about an endpoint is written a second time.
 */
export type Policy = 'public' | 'citizen' | 'staff-totp' | 'staff-enrol' | `staff:${PermissionName}`;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A success answer that is a file (PDF, spreadsheet, image, a download) rather than JSON. */
export interface FileReply {
  readonly file: readonly string[];
}

/** What one success status carries: JSON checked by a schema, nothing (`null`), or a file. */
export type Reply = z.ZodType | null | FileReply;

export interface Endpoint {
  readonly method: Method;
  /** Fastify-style path: `/api/staff/doses/:id/void`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly policy: Policy;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodType;
  /** A raw body of these content types instead of JSON (uploads). */
  readonly upload?: readonly string[];
  /** Success statuses; the first is the one the handler's return value is sent with by default. */
  readonly responses: Readonly<Record<number, Reply>>;
  /** Error codes this endpoint answers besides the ones every route may (`COMMON_ERRORS`). */
  readonly errors: readonly ErrorCode[];
  /** Left out of the OpenAPI document (its own JSON, the docs page). */
  readonly hide?: boolean;
}

/** Declares an endpoint with its literal types kept, so the client and handler types follow from it. */
export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

/** A file answer of these content types. */
export function file(...types: string[]): FileReply {
  return { file: types };
}

/** A file as the client receives it. */
export interface FileBody {
  contentType: string;
  /** From `content-disposition`, when the server named the file. */
  filename: string | null;
  bytes: Uint8Array;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A part the caller may leave out when every field of it is optional. */
type Part<K extends string, S> = S extends z.ZodType
  ? Record<string, never> extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : unknown;

type UploadPart<E extends Endpoint> = E['upload'] extends readonly string[]
  ? { upload: { data: Blob | Uint8Array | string; type: E['upload'][number] } }
  : unknown;

/** What the caller sends: `{params, query, body, headers}` (only the parts the endpoint has). */
export type Input<E extends Endpoint> = Simplify<
  Part<'params', E['params']> &
    Part<'query', E['query']> &
    Part<'body', E['body']> &
    Part<'headers', E['headers']> &
    UploadPart<E>
>;

type ReplyOutput<R> = R extends z.ZodType ? z.output<R> : R extends FileReply ? FileBody : null;
type ReplyInput<R> = R extends z.ZodType ? z.input<R> : R extends FileReply ? unknown : null | undefined;

/** What the caller receives on success (any of the success statuses). */
export type Output<E extends Endpoint> = {
  [S in keyof E['responses']]: ReplyOutput<E['responses'][S]>;
}[keyof E['responses']];

/** What a handler returns (before the response schema's serialisation). */
export type HandlerOutput<E extends Endpoint> = {
  [S in keyof E['responses']]: ReplyInput<E['responses'][S]>;
}[keyof E['responses']];

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives, parsed by the endpoint's schemas. */
export interface Parts<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  body: Parsed<E['body']>;
  headers: Parsed<E['headers']>;
}

/** Whether a call may leave its argument out. */
export type InputOptional<E extends Endpoint> = Record<string, never> extends Input<E> ? true : false;

/** `/a/:id/b` with `{id: 'x y'}` → `/a/x%20y/b`. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** The status a handler's plain return value is sent with. */
export function defaultStatus(e: Endpoint): number {
  return Number(Object.keys(e.responses)[0]);
}

export function isFileReply(reply: Reply | undefined): reply is FileReply {
  return typeof reply === 'object' && reply !== null && 'file' in reply && Array.isArray(reply.file);
}

/** Every endpoint of a contract (modules → endpoints), with its dotted name. */
export function endpointsOf(contract: Contract): { name: string; endpoint: Endpoint }[] {
  return Object.entries(contract).flatMap(([module, endpoints]) =>
    Object.entries(endpoints).map(([op, endpoint]) => ({ name: `${module}.${op}`, endpoint })),
  );
}

/** The whole API: modules, each a set of named endpoints. */
export type Contract = Readonly<Record<string, Readonly<Record<string, Endpoint>>>>;
