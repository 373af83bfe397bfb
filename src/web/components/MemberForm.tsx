import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, type Resolver, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { addMemberSchema } from '../../shared/schemas/households.ts';
import { currentLang } from '../i18n/index.ts';
import { applyProblem, fieldErrorText } from '../lib/forms.ts';
import { CommuneSelect } from './CommuneSelect.tsx';

type Values = z.input<typeof addMemberSchema>;
const FIELDS = [
  'relationship',
  'fullName',
  'birthDate',
  'sex',
  'cccd',
  'phone',
  'bhyt',
  'unitId',
  'addressLine',
];

const schemaResolver = zodResolver(addMemberSchema) as unknown as Resolver<Values>;

/** The shared schema's checks, with relationship and sex (no default: they start empty) asked for by name. */
const resolver: Resolver<Values> = async (values, context, options) => {
  const result = await schemaResolver(values, context, options);
  const errors = { ...result.errors };
  if (!values.relationship)
    errors.relationship = { type: 'required', message: 'household.relationship_required' };
  if (!values.sex) errors.sex = { type: 'required', message: 'person.sex_required' };
  return Object.keys(errors).length ? { values: {}, errors } : result;
};

const RELATIONSHIPS = ['self', 'spouse', 'child', 'parent', 'other'] as const;

/**
 * The add-a-member form: the shared schema checks CCCD, phone and BHYT before anything is sent. Relationship
 * and sex start empty (a placeholder asks for them); "myself" is offered only while the household has none.
 */
export function MemberForm({
  onSubmit,
  onCancel,
  hasSelf = false,
}: {
  onSubmit: (values: Values) => Promise<unknown>;
  onCancel: () => void;
  /** The household already has its "myself" member. */
  hasSelf?: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<Values>({
    resolver,
    defaultValues: { fullName: '', birthDate: '' },
  });
  const err = (name: keyof Values) => fieldErrorText(formState.errors[name] as never, lang);
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    const clean = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v]),
    ) as Values;
    try {
      await onSubmit(clean);
    } catch (error) {
      setProblem(applyProblem(error, setError, lang, FIELDS));
    }
  });
  const options = <K extends string>(prefix: string, keys: readonly K[]) =>
    keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

  return (
    <form onSubmit={submit} noValidate data-testid="member-form">
      <Stack>
        {problem ? <Alert color="red">{problem}</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Controller
            control={control}
            name="relationship"
            render={({ field }) => (
              <Select
                label={t('common.fields.relationship')}
                placeholder={t('common.placeholders.relationship')}
                data={options(
                  'common.relationship',
                  RELATIONSHIPS.filter((r) => !(hasSelf && r === 'self')),
                )}
                {...field}
                value={field.value ?? null}
                error={err('relationship')}
                allowDeselect={false}
                required
                data-testid="member-relationship"
              />
            )}
          />
          <TextInput
            label={t('common.fields.fullName')}
            {...register('fullName')}
            error={err('fullName')}
            required
          />
          <TextInput
            label={t('common.fields.birthDate')}
            type="date"
            {...register('birthDate')}
            error={err('birthDate')}
            required
          />
          <Controller
            control={control}
            name="sex"
            render={({ field }) => (
              <Select
                label={t('common.fields.sex')}
                placeholder={t('common.placeholders.sex')}
                data={options('common.sex', ['male', 'female'] as const)}
                {...field}
                value={field.value ?? null}
                error={err('sex')}
                allowDeselect={false}
                required
                data-testid="member-sex"
              />
            )}
          />
          <TextInput
            label={t('common.fields.cccd')}
            inputMode="numeric"
            {...register('cccd')}
            error={err('cccd')}
          />
          <TextInput
            label={t('common.fields.phone')}
            type="tel"
            {...register('phone')}
            error={err('phone')}
          />
          <TextInput label={t('common.fields.bhyt')} {...register('bhyt')} error={err('bhyt')} />
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
        </SimpleGrid>
        <TextInput
          label={t('common.fields.addressLine')}
          {...register('addressLine')}
          error={err('addressLine')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting} data-testid="member-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
