import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { Controller, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { addMemberSchema, updateMemberSchema } from '../../shared/schemas/households.ts';
import { personCreateSchema } from '../../shared/schemas/people.ts';
import type { Problem } from '../../shared/schemas/problem.ts';
import { type ApiForm, useApiForm } from '../lib/api-form.ts';
import { CommuneSelect } from './CommuneSelect.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

/** Every field a person form may show (adding a member has them all). */
export type PersonValues = z.input<typeof addMemberSchema> & { confirmNotDuplicate?: boolean };
type Field = keyof PersonValues;

/**
 * The one person form, in three uses: a citizen adding a member (`add`), editing one (`edit`: contact,
 * address and relationship; identity goes through corrections), and site staff creating a walk-in who
 * is not in the register (`walk-in`).
 */
export type PersonFormVariant = 'add' | 'edit' | 'walk-in';

const FIELDS: Record<PersonFormVariant, readonly Field[]> = {
  add: ['relationship', 'fullName', 'birthDate', 'sex', 'cccd', 'phone', 'bhyt', 'unitId', 'addressLine'],
  edit: ['relationship', 'phone', 'bhyt', 'unitId', 'addressLine'],
  'walk-in': ['fullName', 'birthDate', 'sex', 'cccd', 'phone', 'unitId'],
};

const schemaResolver = zodResolver(addMemberSchema) as unknown as Resolver<PersonValues>;

/** The shared schema's checks, with relationship and sex (no default: they start empty) asked for by name. */
const addResolver: Resolver<PersonValues> = async (values, context, options) => {
  const result = await schemaResolver(values, context, options);
  const errors = { ...result.errors };
  if (!values.relationship)
    errors.relationship = { type: 'required', message: 'household.relationship_required' };
  if (!values.sex) errors.sex = { type: 'required', message: 'person.sex_required' };
  return Object.keys(errors).length ? { values: {}, errors } : result;
};

const RELATIONSHIPS = ['self', 'spouse', 'child', 'parent', 'other'] as const;

/** Empty inputs are not sent. */
const clean = (values: PersonValues) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v])) as PersonValues;

/**
 * The person form: the shared schema checks CCCD, phone and BHYT before anything is sent, the server's
 * field errors land on their fields. When adding, relationship and sex start empty (a placeholder asks
 * for them) and "myself" is offered only while the household has none.
 */
export function MemberForm<R>({
  variant = 'add',
  defaultValues,
  hasSelf = false,
  submit,
  onSaved,
  onProblem,
  onCancel,
  title,
  extra,
}: {
  variant?: PersonFormVariant;
  defaultValues?: Partial<PersonValues>;
  /** The household already has its "myself" member. */
  hasSelf?: boolean;
  /** The API call, with the values as typed (empty inputs left out). */
  submit: (values: PersonValues) => Promise<R>;
  onSaved?: (result: R) => unknown;
  /** A problem the caller shows itself (return true), e.g. a likely duplicate. */
  onProblem?: (problem: Problem) => boolean;
  onCancel: () => void;
  title?: ReactNode;
  /** Shown under the fields, given the form (e.g. to submit again with a confirmation). */
  extra?: (form: ApiForm<PersonValues, R>) => ReactNode;
}) {
  const { t } = useTranslation();
  const add = variant === 'add';
  const walkIn = variant === 'walk-in';
  const apiForm = useApiForm<PersonValues, R>({
    resolver: add ? addResolver : undefined,
    schema: variant === 'edit' ? updateMemberSchema : personCreateSchema,
    defaultValues: { ...(add ? { fullName: '', birthDate: '' } : {}), ...defaultValues },
    fields: FIELDS[variant],
    submit: (values) => submit(clean(values)),
    onSuccess: onSaved ? (result) => onSaved(result) : undefined,
    onProblem,
  });
  const { form, fieldError: err, onSubmit, busy, problem } = apiForm;
  const { register, control } = form;
  const shown = new Set(FIELDS[variant]);
  const options = <K extends string>(prefix: string, keys: readonly K[]) =>
    keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

  const address = shown.has('addressLine') ? (
    <TextInput
      label={t('common.fields.addressLine')}
      {...register('addressLine')}
      error={err('addressLine')}
    />
  ) : null;
  return (
    <form onSubmit={onSubmit} noValidate data-testid={add ? 'member-form' : undefined}>
      <Stack gap={walkIn ? 'xs' : undefined}>
        {title}
        <ProblemAlert problem={problem} />
        <SimpleGrid cols={variant === 'edit' ? 1 : { base: 1, sm: 2 }}>
          {shown.has('relationship') ? (
            <Controller
              control={control}
              name="relationship"
              render={({ field }) => (
                <Select
                  label={t('common.fields.relationship')}
                  placeholder={add ? t('common.placeholders.relationship') : undefined}
                  data={options(
                    'common.relationship',
                    RELATIONSHIPS.filter((r) => !(add && hasSelf && r === 'self')),
                  )}
                  {...field}
                  value={field.value ?? null}
                  error={err('relationship')}
                  allowDeselect={false}
                  required={add}
                  data-testid={add ? 'member-relationship' : undefined}
                />
              )}
            />
          ) : null}
          {shown.has('fullName') ? (
            <TextInput
              label={t('common.fields.fullName')}
              {...register('fullName')}
              error={err('fullName')}
              required
            />
          ) : null}
          {shown.has('birthDate') ? (
            <TextInput
              label={t('common.fields.birthDate')}
              type="date"
              {...register('birthDate')}
              error={err('birthDate')}
              required
            />
          ) : null}
          {shown.has('sex') ? (
            <Controller
              control={control}
              name="sex"
              render={({ field }) => (
                <Select
                  label={t('common.fields.sex')}
                  placeholder={add ? t('common.placeholders.sex') : undefined}
                  data={options(
                    'common.sex',
                    walkIn ? (['female', 'male'] as const) : (['male', 'female'] as const),
                  )}
                  {...field}
                  value={field.value ?? null}
                  error={err('sex')}
                  allowDeselect={false}
                  required={add}
                  data-testid={add ? 'member-sex' : undefined}
                />
              )}
            />
          ) : null}
          {shown.has('cccd') ? (
            <TextInput
              label={t('common.fields.cccd')}
              inputMode="numeric"
              {...register('cccd')}
              error={err('cccd')}
            />
          ) : null}
          {shown.has('phone') ? (
            <TextInput
              label={t('common.fields.phone')}
              type="tel"
              {...register('phone')}
              error={err('phone')}
            />
          ) : null}
          {shown.has('bhyt') ? (
            <TextInput label={t('common.fields.bhyt')} {...register('bhyt')} error={err('bhyt')} />
          ) : null}
          {shown.has('unitId') ? (
            <Controller
              control={control}
              name="unitId"
              render={({ field }) => (
                <CommuneSelect
                  label={t('common.fields.unitId')}
                  value={field.value}
                  onChange={field.onChange}
                  error={err('unitId')}
                />
              )}
            />
          ) : null}
          {variant === 'edit' ? address : null}
        </SimpleGrid>
        {variant === 'edit' ? null : address}
        {extra?.(apiForm)}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            loading={busy}
            data-testid={add ? 'member-submit' : walkIn ? 'walk-in-new-submit' : undefined}
          >
            {walkIn ? t('site.day.walkInCreate') : t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
