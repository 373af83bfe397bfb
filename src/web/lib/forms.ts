import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../../shared/api-client.ts';
import { formatMessage, isMessageCode, type Lang, type MessageCode } from '../../shared/messages.ts';

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

/** Attaches the field errors of a 400 problem to the form's inputs; returns the problem text, if any. */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  lang: Lang,
  fields: string[],
): string | null {
  if (!(error instanceof ApiError)) return String(error);
  let unattached = false;
  for (const fieldError of error.problem.errors ?? []) {
    if (fields.includes(fieldError.field))
      setError(fieldError.field as Path<T>, { type: 'server', message: fieldError.messages[lang] });
    else unattached = true;
  }
  return error.problem.errors?.length && !unattached ? null : error.messageIn(lang);
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
