import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type DefaultValues,
  type FieldError,
  type FieldValues,
  get,
  type Path,
  type Resolver,
  type UseFormReturn,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import type { Problem } from '../../shared/schemas/problem.ts';
import { currentLang } from '../i18n/index.ts';
import { fieldErrorText, fieldMatcher, problemOf, splitProblem } from './forms.ts';

export interface ApiActionOptions<A, R> {
  /** The API call (the mutation function). */
  submit: (args: A) => Promise<R>;
  /** After a success, while the action still counts as busy (a failure here is shown like the call's). */
  onSuccess?: (result: R, args: A) => unknown;
  /** A problem the caller handles itself (e.g. a likely duplicate): return true and no alert is shown. */
  onProblem?: (problem: Problem, args: A) => boolean | undefined;
  /** After a success or a failure (e.g. refresh a list either way). */
  onSettled?: () => unknown;
}

export interface ApiAction<A, R> {
  /** Runs the call; resolves with its result, or undefined after a failure (already shown as `problem`). */
  run: (args: A) => Promise<R | undefined>;
  /** The call (and `onSuccess`) is running. */
  busy: boolean;
  /** The arguments of the running call (e.g. which row's button spins), else undefined. */
  running: A | undefined;
  /** What `<ProblemAlert>` shows, null when there is nothing to show. */
  problem: Problem | null;
  /** Shows a problem found on the client (or clears the alert with null). */
  setProblem: (problem: Problem | null) => void;
}

/**
 * One API call behind a button (no fields): TanStack `useMutation`, its `isPending` as `busy` and a
 * failure as the problem for `<ProblemAlert>`. Forms use `useApiForm`, built on this.
 */
export function useApiAction<A = void, R = unknown>(
  options: ApiActionOptions<A, R> & { onFailure?: (problem: Problem, args: A) => Problem | null },
): ApiAction<A, R> {
  const [problem, setProblem] = useState<Problem | null>(null);
  const mutation = useMutation<R, unknown, A>({
    mutationFn: options.submit,
    // Always run the call: TanStack would pause it while the browser is offline, and the site's
    // screens queue their work on the device then (a network failure is an ApiError of status 0).
    networkMode: 'always',
    onMutate: () => setProblem(null),
    onSuccess: (result, args) => options.onSuccess?.(result, args),
    onError: (error, args) => {
      const found = problemOf(error);
      if (options.onProblem?.(found, args)) return;
      setProblem(options.onFailure ? options.onFailure(found, args) : found);
    },
    onSettled: () => options.onSettled?.(),
  });
  const run = (args: A) => mutation.mutateAsync(args).catch(() => undefined);
  const running = mutation.isPending ? mutation.variables : undefined;
  return { run, busy: mutation.isPending, running, problem, setProblem };
}

export interface ApiFormOptions<V extends FieldValues, R> extends ApiActionOptions<V, R> {
  /** The shared zod schema that checks the fields before anything is sent. */
  schema?: z.ZodType;
  /** A resolver of its own, for forms that check more than the schema (takes the place of `schema`). */
  resolver?: Resolver<V>;
  defaultValues?: DefaultValues<V>;
  /**
   * The fields the form shows, for placing the server's field errors; by default the schema's keys and
   * the default values' keys. A field error on any other path goes to the form-level alert.
   */
  fields?: readonly string[];
}

export interface ApiForm<V extends FieldValues, R> extends ApiAction<V, R> {
  /** react-hook-form's form (register, control, watch, …). */
  form: UseFormReturn<V>;
  /** The `<form onSubmit>` handler: checks the fields with the schema, then calls `submit`. */
  onSubmit: (event?: FormEvent) => Promise<void>;
  /** The text of a field's error (the schema's or the server's) in the user's language. */
  fieldError: (name: Path<V>) => string | undefined;
}

/**
 * The web app's one way to write a form: react-hook-form checked by the shared zod schema, the call a
 * TanStack mutation (`busy` is its `isPending`). A problem+json answer's body field errors
 * (`members.2.cccd`) land on their fields with `setError`; anything else is the form-level `problem`,
 * shown by `<ProblemAlert problem={problem} />`.
 */
export function useApiForm<V extends FieldValues, R = unknown>(options: ApiFormOptions<V, R>): ApiForm<V, R> {
  const form = useForm<V>({
    resolver:
      options.resolver ?? (options.schema ? (zodResolver(options.schema as never) as never) : undefined),
    defaultValues: options.defaultValues,
  });
  const isField = fieldMatcher(
    options.fields ?? [...schemaKeys(options.schema), ...Object.keys(options.defaultValues ?? {})],
  );
  const action = useApiAction<V, R>({
    ...options,
    onFailure: (problem) => {
      const lang = currentLang();
      const { fields, formProblem } = splitProblem(problem, isField, lang);
      for (const f of fields) form.setError(f.name as Path<V>, { type: 'server', message: f.message });
      return formProblem;
    },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    await action.run(values);
  });
  const fieldError = (name: Path<V>) =>
    fieldErrorText(get(form.formState.errors, name) as FieldError | undefined, currentLang());
  return { ...action, form, onSubmit, fieldError };
}

/** The top-level keys of an object schema (also behind `.superRefine`), else none. */
function schemaKeys(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}
