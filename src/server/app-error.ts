import type { MessageCode } from '../shared/messages.ts';

/** A field-level problem: which input, which rule, and the values its message needs. */
export interface FieldError {
  /** Dotted path of the input, e.g. `birthDate` or `members.2.cccd`. */
  field: string;
  /** Where the input came from: body, query, params or headers (or a file row). */
  in?: string;
  code: MessageCode;
  params?: Record<string, string | number>;
}

/**
 * The one error type of the server. `code` is stable (clients switch on it), `message` is a catalogue
 * entry rendered in Vietnamese and English by the error handler, `fields` point at the inputs to fix.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageCode: MessageCode,
    readonly fields: FieldError[] = [],
    readonly params: Record<string, string | number> = {},
    /** Extra facts for the client (e.g. the id of an existing duplicate), sent as `meta`. */
    readonly meta?: Record<string, unknown>,
  ) {
    super(`${code}: ${messageCode}`);
    this.name = 'AppError';
  }

  /** 404 for a record the caller may not see or that does not exist: the two look the same. */
  static notFound(
    messageCode: MessageCode = 'problem.not_found',
    params: Record<string, string | number> = {},
  ) {
    return new AppError('not_found', 404, messageCode, [], params);
  }

  /** 400 with field errors. */
  static validation(fields: FieldError[]) {
    return new AppError('validation_failed', 400, 'problem.validation', fields);
  }
}
