import type { FieldError } from 'react-hook-form';
import { ApiError } from '../../shared/api/client.ts';
import {
  formatMessage,
  isMessageCode,
  type Lang,
  localize,
  type MessageCode,
} from '../../shared/messages.ts';
import type { Problem, ProblemFieldError } from '../../shared/schemas/problem.ts';

/** zod issue codes (as react-hook-form reports them in `type`) → message catalogue codes. */
const ZOD_CODES: Record<string, MessageCode> = {
  invalid_type: 'field.required',
  too_small: 'field.too_short',
  too_big: 'field.too_long',
  invalid_format: 'field.invalid_format',
  invalid_value: 'field.invalid_value',
};

/** The text of a form field error in the chosen language (shared-rule codes keep their values). */
export function fieldErrorText(error: FieldError | undefined, lang: Lang): string | undefined {
  if (!error) return undefined;
  const message = error.message ?? '';
  const [code, json] = message.split('|', 2);
  if (isMessageCode(code)) return formatMessage(code, lang, json ? JSON.parse(json) : {});
  if (error.type === 'server') return message;
  const mapped = ZOD_CODES[String(error.type)];
  if (mapped === 'field.too_short' && /[<>=]/.test(message)) return formatMessage('field.invalid', lang);
  return formatMessage(mapped ?? 'field.invalid', lang, { minimum: '', maximum: '', expected: '' });
}

/** The first field message of a problem, else its title, in the chosen language (for alerts). */
export function problemText(error: unknown, lang: Lang): string {
  if (!(error instanceof ApiError)) return String(error);
  return error.problem.errors?.[0]?.messages[lang] ?? error.messageIn(lang);
}

/** The server's message for one field of a 400 problem (forms without react-hook-form). */
export function serverFieldError(error: unknown, field: string, lang: Lang): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.field === field)?.messages[lang];
}

/** The problem document of a failed call (`ApiError`), else a client-side problem holding the error's text. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const text = error instanceof Error ? error.message : String(error);
  const fallback = localize('problem.internal');
  return {
    type: 'about:blank',
    title: text || fallback.en,
    status: 0,
    code: 'client_error',
    instance: '',
    requestId: '',
    messages: text ? { vi: text, en: text } : fallback,
  };
}

/** One server field error placed on a form input. */
export interface FieldProblem {
  name: string;
  message: string;
}

/**
 * Splits a problem's field errors into those a form shows beside its inputs (body fields the form has,
 * `isField(path)`) and the rest. `formProblem` is what is left for the form-level alert: null when every
 * field error found its input, else the problem with only the unplaced field errors.
 */
export function splitProblem(
  problem: Problem,
  isField: (path: string) => boolean,
  lang: Lang,
): { fields: FieldProblem[]; formProblem: Problem | null } {
  const fields: FieldProblem[] = [];
  const rest: ProblemFieldError[] = [];
  for (const e of problem.errors ?? []) {
    if ((e.in === undefined || e.in === 'body') && isField(e.field))
      fields.push({ name: e.field, message: e.messages[lang] });
    else rest.push(e);
  }
  if (fields.length && !rest.length) return { fields, formProblem: null };
  return { fields, formProblem: { ...problem, errors: rest.length ? rest : undefined } };
}

/**
 * Which dotted paths a form has: a path is the form's when its first segment is one of `names` (the
 * schema's keys, the default values' keys, or a list given by the form).
 */
export function fieldMatcher(names: Iterable<string>): (path: string) => boolean {
  const set = new Set(names);
  return (path) => set.has(path.split('.', 1)[0] ?? path);
}

/** The text `<ProblemAlert>` shows: the problem's message and the field errors no input showed. */
export function problemLines(problem: Problem, lang: Lang): string[] {
  const lines = [problem.messages[lang]];
  for (const e of problem.errors ?? []) if (!lines.includes(e.messages[lang])) lines.push(e.messages[lang]);
  return lines;
}
